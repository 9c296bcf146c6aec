using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LinkSearchPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
