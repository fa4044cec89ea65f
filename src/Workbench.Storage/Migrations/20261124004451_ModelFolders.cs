using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ModelFolders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModelFolders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    Architecture = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ModelType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ParameterCount = table.Column<long>(type: "INTEGER", nullable: false),
                    VocabSize = table.Column<int>(type: "INTEGER", nullable: false),
                    DType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Layers = table.Column<int>(type: "INTEGER", nullable: false),
                    HiddenSize = table.Column<int>(type: "INTEGER", nullable: false),
                    AttentionHeads = table.Column<int>(type: "INTEGER", nullable: false),
                    KeyValueHeads = table.Column<int>(type: "INTEGER", nullable: false),
                    TiedEmbeddings = table.Column<bool>(type: "INTEGER", nullable: false),
                    Tokenizer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelFolders", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModelFolders_Name",
                table: "ModelFolders",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelFolders_Path",
                table: "ModelFolders",
                column: "Path",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelFolders");
        }
    }
}
