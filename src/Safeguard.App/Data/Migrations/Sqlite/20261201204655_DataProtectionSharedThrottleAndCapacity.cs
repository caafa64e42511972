using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DataProtectionSharedThrottleAndCapacity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "subjects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeptUntil",
                table: "subjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastActivityAt",
                table: "subjects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RetentionGroup",
                table: "subjects",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewOn",
                table: "subjects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Decision",
                table: "notices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MergedAt",
                table: "children",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MergedIntoId",
                table: "children",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RestrictedAt",
                table: "children",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RestrictionReason",
                table: "children",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sign_in_failures",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    NextTry = table.Column<long>(type: "INTEGER", nullable: false),
                    Taken = table.Column<bool>(type: "INTEGER", nullable: false)
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
