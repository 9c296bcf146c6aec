using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FeedPace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "entry_gap_seconds",
                table: "feeds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "newest_entry_at",
                table: "feeds",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ttl_minutes",
                table: "feeds",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "entry_gap_seconds",
                table: "feeds");

            migrationBuilder.DropColumn(
                name: "newest_entry_at",
                table: "feeds");

            migrationBuilder.DropColumn(
                name: "ttl_minutes",
                table: "feeds");
        }
    }
}
