using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LastReviewAt",
                table: "missing_episodes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "NextReviewDueAt",
                table: "missing_episodes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RiskChangedAt",
                table: "missing_episodes",
                type: "INTEGER",
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
