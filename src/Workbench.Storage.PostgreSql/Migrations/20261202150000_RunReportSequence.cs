using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RunReportSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ReportSequence",
                table: "Runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReportSequence",
                table: "Runs");
        }
    }
}
