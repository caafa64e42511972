using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Safeguard.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InspectionAuditsAndRecommendations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_audit_samples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    From = table.Column<string>(type: "TEXT", nullable: false),
                    To = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<long>(type: "INTEGER", nullable: false),
                    DrawnBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DrawnAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_audit_samples", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "recommendations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PublishedOn = table.Column<string>(type: "TEXT", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatusEvidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StatusBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    StatusAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recommendations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_audits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SampleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Area = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CaseAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Auditor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AuditedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Answers = table.Column<string>(type: "TEXT", nullable: true),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Moderator = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ModeratedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ModeratedGrade = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ModerationNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_audits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_audits_case_audit_samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "case_audit_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recommendation_actions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecommendationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DueOn = table.Column<string>(type: "TEXT", nullable: false),
                    DoneOn = table.Column<string>(type: "TEXT", nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recommendation_actions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_recommendation_actions_recommendations_RecommendationId",
                        column: x => x.RecommendationId,
                        principalTable: "recommendations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recommendation_measures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecommendationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Figure = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TargetPercent = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recommendation_measures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_recommendation_measures_recommendations_RecommendationId",
                        column: x => x.RecommendationId,
                        principalTable: "recommendations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_audits_AuditedAt",
                table: "case_audits",
                column: "AuditedAt");

            migrationBuilder.CreateIndex(
                name: "IX_case_audits_Kind_Reference",
                table: "case_audits",
                columns: new[] { "Kind", "Reference" });

            migrationBuilder.CreateIndex(
                name: "IX_case_audits_SampleId_Position",
                table: "case_audits",
                columns: new[] { "SampleId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recommendation_actions_RecommendationId",
                table: "recommendation_actions",
                column: "RecommendationId");

            migrationBuilder.CreateIndex(
                name: "IX_recommendation_measures_RecommendationId_Figure",
                table: "recommendation_measures",
                columns: new[] { "RecommendationId", "Figure" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_recommendations_Code",
                table: "recommendations",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_audits");

            migrationBuilder.DropTable(
                name: "recommendation_actions");

            migrationBuilder.DropTable(
                name: "recommendation_measures");

            migrationBuilder.DropTable(
                name: "case_audit_samples");

            migrationBuilder.DropTable(
                name: "recommendations");
        }
    }
}
