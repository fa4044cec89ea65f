using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RunGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GroupId",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RunGroups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SweepJson = table.Column<string>(type: "TEXT", nullable: true),
                    BaselineJson = table.Column<string>(type: "TEXT", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunGroups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_GroupId",
                table: "Runs",
                column: "GroupId");

            migrationBuilder.AddForeignKey(
                name: "FK_Runs_RunGroups_GroupId",
                table: "Runs",
                column: "GroupId",
                principalTable: "RunGroups",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Runs_RunGroups_GroupId",
                table: "Runs");

            migrationBuilder.DropTable(
                name: "RunGroups");

            migrationBuilder.DropIndex(
                name: "IX_Runs_GroupId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "GroupId",
                table: "Runs");
        }
    }
}
