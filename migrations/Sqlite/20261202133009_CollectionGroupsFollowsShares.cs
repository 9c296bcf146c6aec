using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CollectionGroupsFollowsShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "group_id",
                table: "collections",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "collection_follows",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    time_filter = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    group_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_follows", x => new { x.user_id, x.collection_id });
                    table.ForeignKey(
                        name: "fk_collection_follows_collection_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collection_follows_group_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_collection_follows_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collection_shares",
                columns: table => new
                {
                    collection_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    can_write = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_shares", x => new { x.collection_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_collection_shares_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collection_shares_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collections_group_id",
                table: "collections",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_follows_collection_id",
                table: "collection_follows",
                column: "collection_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_follows_group_id",
                table: "collection_follows",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_collection_shares_user_id",
                table: "collection_shares",
                column: "user_id");

            migrationBuilder.AddForeignKey(
                name: "fk_collections_groups_group_id",
                table: "collections",
                column: "group_id",
                principalTable: "groups",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_collections_groups_group_id",
                table: "collections");

            migrationBuilder.DropTable(
                name: "collection_follows");

            migrationBuilder.DropTable(
                name: "collection_shares");

            migrationBuilder.DropIndex(
                name: "ix_collections_group_id",
                table: "collections");

            migrationBuilder.DropColumn(
                name: "group_id",
                table: "collections");
        }
    }
}
