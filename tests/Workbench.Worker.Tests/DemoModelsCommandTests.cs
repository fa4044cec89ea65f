using Workbench.ModelFolders;
using Workbench.Training.Checkpoints;
using Workbench.Training.Demo;

namespace Workbench.Worker.Tests;

/// <summary>The real worker command line, parsed from the root command as Program.Main does.</summary>
public sealed class DemoModelsCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("wb-worker-demo-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task DemoModels_WithOutput_CreatesBothFoldersAndPrintsOnePathALine()
    {
        TorchSharp.torch.set_num_threads(1);
        var stdout = new StringWriter();
        var output = Path.Combine(_dir.FullName, "models");

        var exit = await WorkerCommand.Build(stdout).Parse(["demo-models", "--output", output]).InvokeAsync();

        Assert.Equal(0, exit);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([Path.Combine(output, DemoModelFolders.TeacherName), Path.Combine(output, DemoModelFolders.StudentName),
                      Path.Combine(output, DemoModelFolders.SmallBpeStudentName)], lines);
        Assert.Equal("LlamaForCausalLM", HuggingFaceModelInfo.Read(lines[0]).Architecture);
        Assert.Equal("Qwen2ForCausalLM", HuggingFaceModelInfo.Read(lines[1]).Architecture);
    }

    [Fact]
    public async Task DemoModels_WithoutOutput_FailsWithoutCreatingAnything()
    {
        var stdout = new StringWriter();
        var exit = await WorkerCommand.Build(stdout).Parse(["demo-models"]).InvokeAsync(new() { Output = stdout, Error = stdout });
        Assert.NotEqual(0, exit);
        Assert.Contains("--output", stdout.ToString());
    }

    [Fact]
    public void Root_WithoutSubcommand_StillRequiresConfigAndOutput()
    {
        var result = WorkerCommand.Build().Parse(["--output", _dir.FullName]);
        Assert.Contains(result.Errors, e => e.Message.Contains("--config", StringComparison.Ordinal));
    }
}
