using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChildRecordsAndEncompass : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EscalatedSteps",
                table: "notices",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextEscalationAt",
                table: "notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SchoolNotifiedAt",
                table: "notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ChildSeenAt",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ChildProtectionPlan",
                table: "children",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "DateOfBirth",
                table: "children",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EventCount",
                table: "children",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "ExploitationRisk",
                table: "children",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "LookedAfter",
                table: "children",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "children",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "School",
                table: "children",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "children",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "child_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentReference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
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
                    table.PrimaryKey("PK_child_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_child_events_children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notices_NextEscalationAt",
                table: "notices",
                column: "NextEscalationAt");

            migrationBuilder.CreateIndex(
                name: "IX_child_events_ChildId_Sequence",
                table: "child_events",
                columns: new[] { "ChildId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_child_events_IncidentReference",
                table: "child_events",
                column: "IncidentReference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "child_events");

            migrationBuilder.DropIndex(
                name: "IX_notices_NextEscalationAt",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "EscalatedSteps",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "NextEscalationAt",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "SchoolNotifiedAt",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "ChildSeenAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ChildProtectionPlan",
                table: "children");

            migrationBuilder.DropColumn(
                name: "DateOfBirth",
                table: "children");

            migrationBuilder.DropColumn(
                name: "EventCount",
                table: "children");

            migrationBuilder.DropColumn(
                name: "ExploitationRisk",
                table: "children");

            migrationBuilder.DropColumn(
                name: "LookedAfter",
                table: "children");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "children");

            migrationBuilder.DropColumn(
                name: "School",
                table: "children");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "children");
        }
    }
}
