using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EpisodeReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExploitationIndicators",
                table: "missing_episodes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Instant>(
                name: "LastReviewAt",
                table: "missing_episodes",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: NodaTime.Instant.FromUnixTimeTicks(0L));

            migrationBuilder.AddColumn<Instant>(
                name: "NextReviewDueAt",
                table: "missing_episodes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "RiskChangedAt",
                table: "missing_episodes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_missing_episodes_FoundAt_NextReviewDueAt",
                table: "missing_episodes",
                columns: new[] { "FoundAt", "NextReviewDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_missing_episodes_FoundAt_NextReviewDueAt",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "ExploitationIndicators",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "LastReviewAt",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "NextReviewDueAt",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "RiskChangedAt",
                table: "missing_episodes");
        }
    }
}
