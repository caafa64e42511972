using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DataProtectionSharedThrottleAndCapacity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Instant>(
                name: "ErasedAt",
                table: "subjects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<LocalDate>(
                name: "KeptUntil",
                table: "subjects",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "LastActivityAt",
                table: "subjects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetentionGroup",
                table: "subjects",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<LocalDate>(
                name: "ReviewOn",
                table: "subjects",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Decision",
                table: "notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "MergedAt",
                table: "children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MergedIntoId",
                table: "children",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "RestrictedAt",
                table: "children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RestrictionReason",
                table: "children",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sign_in_failures",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    NextTry = table.Column<long>(type: "bigint", nullable: false),
                    Taken = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_failures", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_subjects_ReviewOn",
                table: "subjects",
                column: "ReviewOn");

            migrationBuilder.CreateIndex(
                name: "IX_clocks_Kind_ClosedAt",
                table: "clocks",
                columns: new[] { "Kind", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_children_MergedIntoId",
                table: "children",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_sign_in_failures_NextTry",
                table: "sign_in_failures",
                column: "NextTry");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sign_in_failures");

            migrationBuilder.DropIndex(
                name: "IX_subjects_ReviewOn",
                table: "subjects");

            migrationBuilder.DropIndex(
                name: "IX_clocks_Kind_ClosedAt",
                table: "clocks");

            migrationBuilder.DropIndex(
                name: "IX_children_MergedIntoId",
                table: "children");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "KeptUntil",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "LastActivityAt",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "RetentionGroup",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "ReviewOn",
                table: "subjects");

            migrationBuilder.DropColumn(
                name: "Decision",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "MergedAt",
                table: "children");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "children");

            migrationBuilder.DropColumn(
                name: "RestrictedAt",
                table: "children");

            migrationBuilder.DropColumn(
                name: "RestrictionReason",
                table: "children");
        }
    }
}
