using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "NextEscalationAt",
                table: "missing_episodes",
                type: "timestamp with time zone",
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
