using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignInFailuresShared : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sign_in_failures",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    NextTry = table.Column<long>(type: "INTEGER", nullable: false),
                    Taken = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_failures", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sign_in_failures_NextTry",
                table: "sign_in_failures",
                column: "NextTry");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sign_in_failures");
        }
    }
}
