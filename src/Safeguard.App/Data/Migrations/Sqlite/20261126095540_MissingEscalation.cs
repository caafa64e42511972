using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MissingEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EscalatedSteps",
                table: "missing_episodes",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextEscalationAt",
                table: "missing_episodes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_missing_episodes_NextEscalationAt",
                table: "missing_episodes",
                column: "NextEscalationAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_missing_episodes_NextEscalationAt",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "EscalatedSteps",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "NextEscalationAt",
                table: "missing_episodes");
        }
    }
}
