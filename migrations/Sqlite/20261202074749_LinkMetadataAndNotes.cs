using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LinkMetadataAndNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "links",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "illustration_path",
                table: "links",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_hidden",
                table: "links",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "links",
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "metadata_attempts",
                table: "links",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "metadata_error",
                table: "links",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "metadata_fetched_at",
                table: "links",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "metadata_state",
                table: "links",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reading_minutes",
                table: "links",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    link_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_notes_links_link_id",
                        column: x => x.link_id,
                        principalTable: "links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notes_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notes_link_id_created_at",
                table: "notes",
                columns: new[] { "link_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_user_id",
                table: "notes",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notes");

            migrationBuilder.DropColumn(
                name: "description",
                table: "links");

            migrationBuilder.DropColumn(
                name: "illustration_path",
                table: "links");

            migrationBuilder.DropColumn(
                name: "is_hidden",
                table: "links");

            migrationBuilder.DropColumn(
                name: "language",
                table: "links");

            migrationBuilder.DropColumn(
                name: "metadata_attempts",
                table: "links");

            migrationBuilder.DropColumn(
                name: "metadata_error",
                table: "links");

            migrationBuilder.DropColumn(
                name: "metadata_fetched_at",
                table: "links");

            migrationBuilder.DropColumn(
                name: "metadata_state",
                table: "links");

            migrationBuilder.DropColumn(
                name: "reading_minutes",
                table: "links");
        }
    }
}
