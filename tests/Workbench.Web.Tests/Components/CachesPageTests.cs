using Bunit;
using TorchSharp;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Trainer.TeacherCache;
using Workbench.Training.Trainer.TeacherStore;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Web.Tests.Components;

public sealed class CachesPageTests : WorkbenchComponentContext
{
    private string Folder => Path.Combine(DataDirectory, "teacher-cache");

    private string BuildStore()
    {
        var data = ArithmeticProblems.Generate(seed: 1, trainCount: 8, evalCount: 0);
        using var teacher = new Gpt(new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize, Dropout: 0), new Generator(1));
        var teacherPath = Path.Combine(DataDirectory, "teacher.safetensors");
        File.WriteAllText(teacherPath, "teacher");
        using var store = TeacherLogitStore.OpenOrBuild(Folder, teacher, teacherPath, data.Train, 4, 2.0, TopKValueType.Float16, data.Tokenizer.PadId, CPU);
        return Path.GetFileName(store.Path);
    }

    [Fact]
    public void Render_OneStore_RowShowsWhatItHoldsAndDeleteRemovesIt()
    {
        var name = BuildStore();

        var page = Render<Workbench.Web.Components.Pages.Caches>();

        var cells = page.FindAll("#stores-table tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.EndsWith("teacher.safetensors", cells[0]);
        Assert.Equal(["4", "2", "fp16", "8"], cells[1..5]);
        Assert.Contains("1 store", page.Find("#stores-total").TextContent);

        page.Find(".delete-store").Click();

        Assert.Contains($"Deleted {name}.", page.Find("#stores-message").TextContent);
        Assert.False(File.Exists(Path.Combine(Folder, name)));
        Assert.NotNull(page.Find("#stores-empty"));
    }
}
