using System.CommandLine;
using Workbench.Training.Demo;

namespace Workbench.Worker;

/// <summary>
/// <c>Workbench.Worker demo-models --output dir</c>: makes the built-in demo Hugging Face model folders under dir
/// (leaving complete ones alone) and prints their paths, one a line.
/// </summary>
public static class DemoModelsCommand
{
    public const string Name = "demo-models";

    public static Command Build(TextWriter? stdout = null)
    {
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder to hold the demo model folders.", Required = true };
        var command = new Command(Name, "Creates the built-in demo teacher and student model folders.") { output };
        command.SetAction(async (parse, ct) =>
        {
            var writer = stdout ?? Console.Out;
            foreach (var folder in DemoModelFolders.EnsureCreated(parse.GetValue(output)!.FullName))
                await writer.WriteLineAsync(folder.AsMemory(), ct);
            return 0;
        });
        return command;
    }
}
