using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RetentionRestrictionAndMerging : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_subjects_ReviewOn",
                table: "subjects",
                column: "ReviewOn");

            migrationBuilder.CreateIndex(
                name: "IX_children_MergedIntoId",
                table: "children",
                column: "MergedIntoId");

            migrationBuilder.AddForeignKey(
                name: "FK_children_children_MergedIntoId",
                table: "children",
                column: "MergedIntoId",
                principalTable: "children",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_children_children_MergedIntoId",
                table: "children");

            migrationBuilder.DropIndex(
                name: "IX_subjects_ReviewOn",
                table: "subjects");

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
