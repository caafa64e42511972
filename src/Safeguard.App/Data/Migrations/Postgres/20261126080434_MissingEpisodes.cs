using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RepeatMissingSince = table.Column<Instant>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_children", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "missing_episodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    ReportedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    RiskAtReport = table.Column<int>(type: "integer", nullable: false),
                    CurrentRisk = table.Column<int>(type: "integer", nullable: false),
                    AttendedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    FoundAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    PreventionInterviewAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    ReturnInterviewOfferedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    SchoolContactedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    District = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EpisodeId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    Author = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true)
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
