using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class RunWorkerLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WorkerLocation",
                table: "Runs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkerLocation",
                table: "Runs");
        }
    }
}
