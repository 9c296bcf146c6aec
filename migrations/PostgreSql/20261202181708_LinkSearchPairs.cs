using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Flusio.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LinkSearchPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Flusio.Web.Data.PostgreSql.LinkSearchSql.PairsUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Flusio.Web.Data.PostgreSql.LinkSearchSql.PairsDown);
        }
    }
}
