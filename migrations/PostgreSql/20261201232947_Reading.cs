using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Reading : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "collections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collections", x => x.id);
                    table.ForeignKey(
                        name: "fk_collections_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "feeds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    url_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    site_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    etag = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_modified = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    fetched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    error_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    error_status = table.Column<int>(type: "integer", nullable: true),
                    error_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failure_count = table.Column<int>(type: "integer", nullable: false),
                    gone = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feeds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "groups",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_groups", x => x.id);
                    table.ForeignKey(
                        name: "fk_groups_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "feed_tombstones",
                columns: table => new
                {
                    feed_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entry_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    trimmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feed_tombstones", x => new { x.feed_id, x.entry_key });
                    table.ForeignKey(
                        name: "fk_feed_tombstones_feeds_feed_id",
                        column: x => x.feed_id,
                        principalTable: "feeds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    feed_id = table.Column<Guid>(type: "uuid", nullable: true),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    url_hash = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    entry_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    summary = table.Column<string>(type: "text", nullable: true),
                    content = table.Column<string>(type: "text", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source_feed_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source_link_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_links", x => x.id);
                    table.ForeignKey(
                        name: "fk_links_feeds_feed_id",
                        column: x => x.feed_id,
                        principalTable: "feeds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_links_feeds_source_feed_id",
                        column: x => x.source_feed_id,
                        principalTable: "feeds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_links_links_source_link_id",
                        column: x => x.source_link_id,
                        principalTable: "links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_links_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "feed_follows",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    feed_id = table.Column<Guid>(type: "uuid", nullable: false),
                    time_filter = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    group_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feed_follows", x => new { x.user_id, x.feed_id });
                    table.ForeignKey(
                        name: "fk_feed_follows_feeds_feed_id",
                        column: x => x.feed_id,
                        principalTable: "feeds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_feed_follows_group_group_id",
                        column: x => x.group_id,
                        principalTable: "groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_feed_follows_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "collection_links",
                columns: table => new
                {
                    collection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    link_id = table.Column<Guid>(type: "uuid", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_links", x => new { x.collection_id, x.link_id });
                    table.ForeignKey(
                        name: "fk_collection_links_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collection_links_link_link_id",
                        column: x => x.link_id,
                        principalTable: "links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_collection_links_collection_id_added_at_link_id",
                table: "collection_links",
                columns: new[] { "collection_id", "added_at", "link_id" });

            migrationBuilder.CreateIndex(
                name: "ix_collection_links_link_id",
                table: "collection_links",
                column: "link_id");

            migrationBuilder.CreateIndex(
                name: "ix_collections_user_id_kind",
                table: "collections",
                columns: new[] { "user_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_feed_follows_feed_id",
                table: "feed_follows",
                column: "feed_id");

            migrationBuilder.CreateIndex(
                name: "ix_feed_follows_group_id",
                table: "feed_follows",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_feeds_next_check_at",
                table: "feeds",
                column: "next_check_at");

            migrationBuilder.CreateIndex(
                name: "ix_feeds_url_hash",
                table: "feeds",
                column: "url_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_groups_user_id_name",
                table: "groups",
                columns: new[] { "user_id", "name" },
                unique: true);

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
                name: "ix_links_source_feed_id",
                table: "links",
                column: "source_feed_id");

            migrationBuilder.CreateIndex(
                name: "ix_links_source_link_id",
                table: "links",
                column: "source_link_id");

            migrationBuilder.CreateIndex(
                name: "ix_links_user_id_url_hash",
                table: "links",
                columns: new[] { "user_id", "url_hash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collection_links");

            migrationBuilder.DropTable(
                name: "feed_follows");

            migrationBuilder.DropTable(
                name: "feed_tombstones");

            migrationBuilder.DropTable(
                name: "collections");

            migrationBuilder.DropTable(
                name: "links");

            migrationBuilder.DropTable(
                name: "groups");

            migrationBuilder.DropTable(
                name: "feeds");
        }
    }
}
