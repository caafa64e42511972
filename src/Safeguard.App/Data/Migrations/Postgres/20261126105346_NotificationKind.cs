using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NotificationKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "notifications",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "incident");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "notifications");
        }
    }
}
