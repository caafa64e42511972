using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Notices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "EscalatingConcernSince",
                table: "children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    IncidentReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    OfficerRisk = table.Column<int>(type: "integer", nullable: false),
                    OccurredAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    ReviewedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    Rag = table.Column<int>(type: "integer", nullable: true),
                    SharedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    SharedWith = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    EventCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notices_children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NoticeId = table.Column<long>(type: "bigint", nullable: false),
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
                    table.PrimaryKey("PK_notice_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notice_events_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notice_events_NoticeId_Sequence",
                table: "notice_events",
                columns: new[] { "NoticeId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_ChildId_SubmittedAt",
                table: "notices",
                columns: new[] { "ChildId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_notices_OccurredAt",
                table: "notices",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_notices_Reference",
                table: "notices",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_events");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropColumn(
                name: "EscalatingConcernSince",
                table: "children");
        }
    }
}
