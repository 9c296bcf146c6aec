using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.PostgreSql
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "illustration_path",
                table: "links",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_hidden",
                table: "links",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "links",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "metadata_attempts",
                table: "links",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "metadata_error",
                table: "links",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "metadata_fetched_at",
                table: "links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "metadata_state",
                table: "links",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reading_minutes",
                table: "links",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    link_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
