using System.Text.Json.Nodes;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using static Workbench.Web.Forms.ConfigFieldKind;

namespace Workbench.Web.Forms;

/// <summary>
/// Every field of <see cref="RunConfig"/> the New run form edits, one row each, in page order. A new config field
/// needs one row here (and a value in the form round-trip test's full config); the page lays rows out by section.
/// </summary>
public static class ConfigFields
{
    public static IReadOnlyList<ConfigFieldInfo> All { get; } =
    [
        new("name", "Name", Text, ConfigSection.General) { Wide = true },
        new("dataset", "Dataset", Choice, ConfigSection.General) { Wide = true },

        new("teacher", "Teacher", Model, ConfigSection.Teacher) { Wide = true },
        .. Shape("teacher", ConfigSection.Teacher),
        new("oracle", "Oracle (golden metrics: KL(oracle ‖ student) beside the proxy KL(teacher ‖ student))", Model, ConfigSection.Teacher) { Wide = true },

        new("student", "Starts from", Model, ConfigSection.Student) { Wide = true },
        .. Shape("student", ConfigSection.Student),

        new("objectives[].kind", "Objective", Choice, ConfigSection.Objective)
        {
            Choices = [.. ObjectiveDescriptors.All.Select(d => new ConfigChoice(d.Name, d.DisplayName))],
            AfterSet = DropParametersTheKindDoesNotTake,
            MinWidthRem = 17,
        },
        new("objectives[].weight", "Weight", Number, ConfigSection.Objective) { Step = 0.1 },
        new("objectives[].temperature", "Temperature T", Number, ConfigSection.Objective) { Step = 0.5, AppliesTo = t => Descriptor(t)?.UsesTemperature == true },
        .. ObjectiveParameter.Fields.Select(Parameter),
        new("objectives[].layerMap", "Layer map", OptionalText, ConfigSection.Objective)
        {
            Helper = "uniform · last · all · 0:1,1:3",
            Placeholder = t => Descriptor(t)?.DefaultLayerMap,
            AppliesTo = t => Descriptor(t)?.UsesLayerMap == true,
        },

        new("leaf", "Detect confounding tokens (teacher vs student gradient saliency), then distil on originals and span-pruned counterfactuals", Section, ConfigSection.Leaf)
        {
            NewSection = () => new LeafConfig(),
        },
        new("leaf.mask", "Mask", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafMasks.None, "none (KD w/o mask)"), new(LeafMasks.Instruction, "instruction"), new(LeafMasks.InstructionResponse, "instruction and response")],
        },
        new("leaf.scorer", "Scorer", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafScorers.GradientNorm, "gradient norm (paper)"), new(LeafScorers.GradientXInput, "gradient × input"),
                       new(LeafScorers.IntegratedGradients, "integrated gradients"), new(LeafScorers.Intervention, "intervention (delete a span, compare NLL changes)")],
        },
        new("leaf.integratedGradientsSteps", "Integrated-gradients steps", Integer, ConfigSection.Leaf) { EnabledWhen = l => StringAt(l, "scorer") == LeafScorers.IntegratedGradients },
        new("leaf.interventionCandidates", "Intervention candidates", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafSpanUnits.Clause, "every clause"), new(LeafSpanUnits.Word, "every word"), new(LeafSpanUnits.Numbers, "every clause's numbers moved ±1")],
            EnabledWhen = l => StringAt(l, "scorer") == LeafScorers.Intervention,
        },
        new("leaf.interventionEffect", "Intervention effect", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafInterventionEffects.Helps, "deletion helps the student more than the teacher"), new(LeafInterventionEffects.Moves, "deletion moves the student more than the teacher")],
            EnabledWhen = l => StringAt(l, "scorer") == LeafScorers.Intervention,
        },
        new("leaf.interventionTeacher", "Intervention teacher", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafInterventionTeachers.All, "reads every candidate"), new(LeafInterventionTeachers.Bounded, "only candidates that can change the top-k flags (needs threshold top)")],
            EnabledWhen = l => StringAt(l, "scorer") == LeafScorers.Intervention,
        },
        new("leaf.interventionTeacherEdits", "Intervention teacher edits", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafInterventionTeacherEdits.All, "every edit, like the student"), new(LeafInterventionTeacherEdits.First, "only each candidate's first edit")],
            EnabledWhen = l => StringAt(l, "scorer") == LeafScorers.Intervention,
        },
        new("leaf.spanUnit", "Decide per", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafSpanUnits.Token, "token (paper)"), new(LeafSpanUnits.Word, "word"), new(LeafSpanUnits.Clause, "clause")],
        },
        new("leaf.protectTeacherNumbersAbove", "Protect numbers with teacher saliency ≥", OptionalNumber, ConfigSection.Leaf) { Placeholder = _ => "off", Step = 0.05 },
        new("leaf.leaderboardSamples", "Detection leaderboard samples", OptionalInteger, ConfigSection.Leaf) { Placeholder = _ => "off" },
        new("leaf.thresholdMode", "Threshold", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafThresholdModes.Quantile, "quantile ρ (reference)"), new(LeafThresholdModes.Absolute, "absolute τ (paper)"), new(LeafThresholdModes.Top, "top k units (budget: max spans per sample)")],
        },
        new("leaf.rho", "ρ", Number, ConfigSection.Leaf) { Step = 0.01, EnabledWhen = l => StringAt(l, "thresholdMode") != LeafThresholdModes.Absolute },
        new("leaf.tau", "τ", Number, ConfigSection.Leaf) { Step = 0.01, EnabledWhen = l => StringAt(l, "thresholdMode") == LeafThresholdModes.Absolute },
        new("leaf.cap", "Cap of the quantile threshold", Number, ConfigSection.Leaf) { Step = 0.05, EnabledWhen = l => StringAt(l, "thresholdMode") != LeafThresholdModes.Absolute },
        new("leaf.maxSpansPerSample", "Max spans per sample", OptionalInteger, ConfigSection.Leaf) { Placeholder = _ => "all" },
        new("leaf.selection", "Samples examined", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafSelections.All, "all"), new(LeafSelections.StudentWrongTeacherRight, "student wrong, teacher right")],
        },
        new("leaf.verifyFlip", "Flip verification", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafVerifications.Off, "off"), new(LeafVerifications.Student, "student answers the pruned input right"), new(LeafVerifications.Both, "student and teacher do")],
        },
        new("leaf.detectionSamples", "Detection samples", OptionalInteger, ConfigSection.Leaf) { Placeholder = _ => "all" },
        new("leaf.mixing", "Mixing", Choice, ConfigSection.Leaf)
        {
            Choices = [new(LeafMixings.DataMix, "data mix (reference)"), new(LeafMixings.Paired, "paired, λ·L_kd + (1 − λ)·L_cd")],
        },
        new("leaf.lambda", "λ", Number, ConfigSection.Leaf) { Step = 0.05, EnabledWhen = l => StringAt(l, "mixing") == LeafMixings.Paired },

        new("data", "Train on generated completions: the teacher's (sequence-level KD), or for a share λ of the batches the student's own, scored by the teacher (on-policy, GKD)", Section, ConfigSection.Data)
        {
            NewSection = () => new DataConfig { Regime = DataRegimes.OnPolicy },
        },
        new("data.regime", "Regime", Choice, ConfigSection.Data)
        {
            Choices = [new(DataRegimes.Offline, "offline (the dataset's)"), new(DataRegimes.SequenceKd, "sequence-level KD (teacher's, cached)"), new(DataRegimes.OnPolicy, "on-policy (student's, GKD)")],
            MinWidthRem = 15,
        },
        new("data.lambda", "λ (on-policy share)", Number, ConfigSection.Data) { Step = 0.05, EnabledWhen = d => StringAt(d, "regime") == DataRegimes.OnPolicy },
        new("data.temperature", "Temperature (0 = greedy)", Number, ConfigSection.Data) { Step = 0.1 },
        new("data.topP", "top-p", Number, ConfigSection.Data) { Step = 0.05 },
        new("data.maxNewTokens", "Max new tokens", Integer, ConfigSection.Data),
        new("data.samplesPerPrompt", "Samples per prompt", Integer, ConfigSection.Data) { EnabledWhen = d => StringAt(d, "regime") == DataRegimes.SequenceKd },
        new("data.trainSamples", "Training prompts (first N)", OptionalInteger, ConfigSection.Data) { Placeholder = _ => "all" },
        new("data.packing", "Pack several samples per row (attention within each, positions restarting)", Switch, ConfigSection.Data)
        {
            EnabledWhen = d => StringAt(d, "regime") != DataRegimes.OnPolicy,
        },

        new("teacherStore", "Train the logit objectives from a teacher-logit store: the teacher's top-k, built once per teacher and data, reused by every student", Section, ConfigSection.TeacherStore)
        {
            NewSection = () => new TeacherStoreConfig(),
        },
        new("teacherStore.topK", "Top-k stored", Integer, ConfigSection.TeacherStore) { Helper = "ids per token, plus the rest mass" },
        new("teacherStore.values", "Values", Choice, ConfigSection.TeacherStore)
        {
            Choices = [new(TeacherStoreConfig.ValuesFp16, "fp16 (2 bytes)"), new(TeacherStoreConfig.ValuesFp32, "fp32 (bit-exact)")],
        },

        new("evalSets[].name", "Set name", Text, ConfigSection.EvalSet) { Helper = "in metric names: eval/<name>/accuracy" },
        new("evalSets[].dataset", "Dataset", OptionalChoice, ConfigSection.EvalSet),
        new("evalSets[].split", "Split", Text, ConfigSection.EvalSet) { Helper = "e.g. test, ood" },
        new("evalSets[].samples", "Samples", OptionalInteger, ConfigSection.EvalSet) { Placeholder = _ => $"{EvalSet.DefaultSamples}" },

        new("steps", "Steps", Integer, ConfigSection.Training),
        new("batchSize", "Batch size", Integer, ConfigSection.Training),
        new("learningRate", "Learning rate", Number, ConfigSection.Training) { Step = 0.0005, Format = "G4" },
        new("seed", "Seed", Integer, ConfigSection.Training),
        new("evalEvery", "Evaluate every (steps)", Integer, ConfigSection.Training),
        new("checkpointEvery", "Checkpoint every (steps)", OptionalInteger, ConfigSection.Training) { Placeholder = _ => "only at the end" },
        new("device", "Device", Choice, ConfigSection.Training) { Choices = [.. RunConfigValidator.Devices.Select(d => new ConfigChoice(d, d))] },
        new("precision", "Precision", OptionalChoice, ConfigSection.Training)
        {
            // Empty is auto, as for the objectives' choice parameters: the config then leaves the field out.
            Choices = [new("", "auto (default)"), .. Precisions.All.Where(p => p != Precisions.Auto).Select(p => new ConfigChoice(p, p))],
            Helper = "auto: bf16 on CUDA, fp32 on CPU; bf16 on a CPU pays off with AMX",
        },
        new("answerRule", "Answer rule", OptionalText, ConfigSection.Training)
        {
            Helper = "auto · last_number · exact · after:<marker>",
            Placeholder = _ => AnswerRules.Auto,
        },

        // Only Slurm and Kubernetes executors read these (Workbench:Executor); empty = the executor's defaults.
        new("resources.cpus", "CPUs (cluster)", OptionalInteger, ConfigSection.Training) { Placeholder = _ => "executor default" },
        new("resources.memoryMb", "Memory, MB (cluster)", OptionalInteger, ConfigSection.Training) { Placeholder = _ => "from the estimate" },
        new("resources.gpus", "GPUs (cluster)", OptionalInteger, ConfigSection.Training) { Placeholder = _ => "executor default" },
        new("resources.timeMinutes", "Time limit, minutes (cluster)", OptionalInteger, ConfigSection.Training) { Placeholder = _ => "none" },
        new("resources.partition", "Slurm partition", OptionalText, ConfigSection.Training) { Placeholder = _ => "cluster default" },

        new("schedule", "LR schedule", Choice, ConfigSection.Optimizer) { Choices = [.. LearningRateSchedules.All.Select(s => new ConfigChoice(s, s))] },
        new("warmupSteps", "Warmup steps", OptionalInteger, ConfigSection.Optimizer) { Placeholder = _ => "5 % of the steps" },
        new("weightDecay", "Weight decay", Number, ConfigSection.Optimizer) { Step = 0.01 },
        new("gradClip", "Gradient clip (0 = off)", Number, ConfigSection.Optimizer) { Step = 0.1 },
        new("gradAccumulation", "Gradient accumulation", Integer, ConfigSection.Optimizer),
    ];

    private static readonly Dictionary<string, ConfigFieldInfo> s_byPath = All.ToDictionary(f => f.Path);

    /// <summary>The row for a path or pattern (<c>objectives[1].weight</c> and <c>objectives[].weight</c> find the same row).</summary>
    public static ConfigFieldInfo? Find(string path) => s_byPath.GetValueOrDefault(ConfigPath.Pattern(path));

    public static IEnumerable<ConfigFieldInfo> In(ConfigSection section) => All.Where(f => f.Section == section && f.Kind != Section);

    /// <summary>
    /// Whether the form edits the JSON property at <paramref name="pattern"/>: a row of its own, a model's source
    /// (<c>teacher.checkpoint</c>, <c>.path</c> and <c>.run</c> are set by the <c>teacher</c> select) or a container of rows (<c>objectives</c>, <c>leaf</c>).
    /// </summary>
    public static bool Covers(string pattern) =>
        s_byPath.ContainsKey(pattern)
        || (s_byPath.GetValueOrDefault(ConfigPath.Owner(pattern))?.Kind == Model && pattern.Split('.')[^1] is "checkpoint" or "path" or "run")
        || All.Any(f => f.Path.StartsWith(pattern + ".", StringComparison.Ordinal) || f.Path.StartsWith(pattern + "[].", StringComparison.Ordinal));

    private static IEnumerable<ConfigFieldInfo> Shape(string model, ConfigSection section) =>
        new[] { ("layers", "Layers"), ("heads", "Heads"), ("width", "Width"), ("context", "Context") }
            .Select(f => new ConfigFieldInfo($"{model}.{f.Item1}", f.Item2, Integer, section) { AppliesTo = ModelChoices.IsFresh });

    // β, α, k, missing mass, A_r: one row per JSON field; shown for the kinds whose descriptor takes it, labelled and
    // defaulted by that descriptor's parameter (k vs ranks K share topK).
    private static ConfigFieldInfo Parameter(string field)
    {
        var any = ObjectiveDescriptors.All.SelectMany(d => d.Parameters).First(p => p.Field == field);
        ObjectiveParameter? Of(JsonObject term) => Descriptor(term)?.Parameter(field);
        var kind = any.Type switch
        {
            ObjectiveParameterType.Choice => OptionalChoice,
            ObjectiveParameterType.Integer => OptionalInteger,
            _ => OptionalNumber,
        };
        return new($"objectives[].{field}", any.Label, kind, ConfigSection.Objective)
        {
            Step = any.IsInteger ? 1 : 0.05,
            Choices = any.Type == ObjectiveParameterType.Choice ? [new("", $"{any.Placeholder} (default)"), .. any.Choices.Select(c => new ConfigChoice(c, c.Replace('_', ' ')))] : [],
            AppliesTo = t => Of(t) is not null,
            LabelFor = t => Of(t)?.Label ?? any.Label,
            Placeholder = t => Of(t)?.Placeholder,
        };
    }

    private static void DropParametersTheKindDoesNotTake(JsonObject term)
    {
        foreach (var row in All.Where(f => f.Section == ConfigSection.Objective && f.Kind is OptionalNumber or OptionalInteger or OptionalText or OptionalChoice))
        {
            var name = row.Path["objectives[].".Length..];
            if (!row.Applies(term)) term.Remove(name);
        }
    }

    private static ObjectiveDescriptor? Descriptor(JsonObject term) => ObjectiveDescriptors.Find(StringAt(term, "kind"));

    private static string? StringAt(JsonObject owner, string name) => owner[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
