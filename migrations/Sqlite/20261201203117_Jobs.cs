using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Jobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    arguments = table.Column<string>(type: "TEXT", nullable: false),
                    queue = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    run_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    max_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    unique_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    repeat_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    failed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_queue_run_at",
                table: "jobs",
                columns: new[] { "queue", "run_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_unique_key",
                table: "jobs",
                column: "unique_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
