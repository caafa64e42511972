using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RetentionRestrictionAndMerging : Migration
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
