using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LinkIndexesByKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_links_feed_id_entry_key",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_feed_id_published_at_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_source_link_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_user_id_created_at_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_user_id_url_hash",
                table: "links");

            migrationBuilder.CreateIndex(
                name: "ix_links_feed_id_entry_key",
                table: "links",
                columns: new[] { "feed_id", "entry_key" },
                unique: true,
                filter: "feed_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_links_feed_id_published_at_id",
                table: "links",
                columns: new[] { "feed_id", "published_at", "id" },
                filter: "feed_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_links_source_link_id",
                table: "links",
                column: "source_link_id",
                filter: "source_link_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_links_user_id_created_at_id",
                table: "links",
                columns: new[] { "user_id", "created_at", "id" },
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_links_user_id_url_hash",
                table: "links",
                columns: new[] { "user_id", "url_hash" },
                unique: true,
                filter: "user_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_links_feed_id_entry_key",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_feed_id_published_at_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_source_link_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_user_id_created_at_id",
                table: "links");

            migrationBuilder.DropIndex(
                name: "ix_links_user_id_url_hash",
                table: "links");

            migrationBuilder.CreateIndex(
                name: "ix_links_feed_id_entry_key",
                table: "links",
                columns: new[] { "feed_id", "entry_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_links_feed_id_published_at_id",
                table: "links",
                columns: new[] { "feed_id", "published_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_links_source_link_id",
                table: "links",
                column: "source_link_id");

            migrationBuilder.CreateIndex(
                name: "ix_links_user_id_created_at_id",
                table: "links",
                columns: new[] { "user_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_links_user_id_url_hash",
                table: "links",
                columns: new[] { "user_id", "url_hash" },
                unique: true);
        }
    }
}
