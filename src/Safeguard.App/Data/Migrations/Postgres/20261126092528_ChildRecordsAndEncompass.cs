using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "NextEscalationAt",
                table: "notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "SchoolNotifiedAt",
                table: "notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "ChildSeenAt",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ChildProtectionPlan",
                table: "children",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<LocalDate>(
                name: "DateOfBirth",
                table: "children",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EventCount",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "ExploitationRisk",
                table: "children",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "LookedAfter",
                table: "children",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "children",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "School",
                table: "children",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "child_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    IncidentReference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
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
