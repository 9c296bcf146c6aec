using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UserCollections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_collections_user_id_kind",
                table: "collections");

            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "collections",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_public",
                table: "collections",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "collections",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "collections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_links_user_id_created_at_id",
                table: "links",
                columns: new[] { "user_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_collections_user_id_kind",
                table: "collections",
                columns: new[] { "user_id", "kind" },
                unique: true,
                filter: "kind <> 'Collection'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_links_user_id_created_at_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_collections_user_id_kind",
                table: "collections");

            migrationBuilder.DropColumn(
                name: "description",
                table: "collections");

            migrationBuilder.DropColumn(
                name: "is_public",
                table: "collections");

            migrationBuilder.DropColumn(
                name: "name",
                table: "collections");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "collections");

            migrationBuilder.CreateIndex(
                name: "ix_collections_user_id_kind",
                table: "collections",
                columns: new[] { "user_id", "kind" },
                unique: true);
        }
    }
}
