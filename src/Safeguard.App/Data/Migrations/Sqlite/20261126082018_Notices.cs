using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Notices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EscalatingConcernSince",
                table: "children",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentReference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    OfficerRisk = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Rag = table.Column<int>(type: "INTEGER", nullable: true),
                    SharedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SharedWith = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NoticeId = table.Column<long>(type: "INTEGER", nullable: false),
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
