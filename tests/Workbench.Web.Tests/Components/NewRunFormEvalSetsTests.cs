using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Web.Components.Pages;

namespace Workbench.Web.Tests.Components;

public sealed class NewRunFormEvalSetsTests
{
    [Fact]
    public void ToConfig_PresetWithEvalSetsAndRule_KeepsThem()
    {
        var preset = RunPresets.All.Single(p => p.Config.Leaf is not null && p.Config.Leaf.Mask == Experiments.Leaf.LeafMasks.Instruction).Config with
        {
            AnswerRule = AnswerRules.LastNumber,
        };

        var config = NewRunForm.From(preset).ToConfig();

        Assert.Equal(preset.EvalSets, config.EvalSets);
        Assert.Equal([new EvalSet("ood", null, "ood")], config.EvalSets!);
        Assert.Equal(AnswerRules.LastNumber, config.AnswerRule);
    }
}
