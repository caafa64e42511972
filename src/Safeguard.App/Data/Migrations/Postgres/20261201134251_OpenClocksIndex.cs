using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OpenClocksIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_clocks_open_Kind_DueAt",
                table: "clocks",
                columns: new[] { "Kind", "DueAt" },
                filter: "\"State\" = 'open'")
                .Annotation("Npgsql:IndexInclude", new[] { "SubjectId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_clocks_open_Kind_DueAt",
                table: "clocks");
        }
    }
}
