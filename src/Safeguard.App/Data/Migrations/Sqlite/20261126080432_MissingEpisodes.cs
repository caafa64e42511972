using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MissingEpisodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "children",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RepeatMissingSince = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_children", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "missing_episodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RiskAtReport = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentRisk = table.Column<int>(type: "INTEGER", nullable: false),
                    AttendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PreventionInterviewAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReturnInterviewOfferedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SchoolContactedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    District = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_missing_episodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_missing_episodes_children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "missing_episode_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EpisodeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_missing_episode_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_missing_episode_events_missing_episodes_EpisodeId",
                        column: x => x.EpisodeId,
                        principalTable: "missing_episodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_children_Reference",
                table: "children",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_missing_episode_events_EpisodeId_Sequence",
                table: "missing_episode_events",
                columns: new[] { "EpisodeId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_missing_episodes_ChildId_ReportedAt",
                table: "missing_episodes",
                columns: new[] { "ChildId", "ReportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_missing_episodes_Reference",
                table: "missing_episodes",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_missing_episodes_ReportedAt",
                table: "missing_episodes",
                column: "ReportedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "missing_episode_events");

            migrationBuilder.DropTable(
                name: "missing_episodes");

            migrationBuilder.DropTable(
                name: "children");
        }
    }
}
