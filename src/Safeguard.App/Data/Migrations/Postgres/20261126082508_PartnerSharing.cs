using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Safeguard.App.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartnerSharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AgencyId",
                table: "AspNetUsers",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agencies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "notice_shares",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NoticeId = table.Column<long>(type: "bigint", nullable: false),
                    AgencyId = table.Column<long>(type: "bigint", nullable: false),
                    SharedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false),
                    SharedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    What = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    LawfulBasis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AcknowledgedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_shares", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notice_shares_agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_notice_shares_notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agencies_Name",
                table: "agencies",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notice_shares_AgencyId",
                table: "notice_shares",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_notice_shares_NoticeId_AgencyId",
                table: "notice_shares",
                columns: new[] { "NoticeId", "AgencyId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_shares");

            migrationBuilder.DropTable(
                name: "agencies");

            migrationBuilder.DropColumn(
                name: "AgencyId",
                table: "AspNetUsers");
        }
    }
}
