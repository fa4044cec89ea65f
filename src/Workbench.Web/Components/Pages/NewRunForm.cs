using Workbench.Experiments;
using Workbench.Experiments.Leaf;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// The editable state of the New run page, convertible to and from a <see cref="RunConfig"/>. Validation is the
/// same <see cref="RunConfigValidator"/> the API uses; errors are looked up by the field's JSON path.
/// </summary>
public sealed class NewRunForm
{
    public string Name { get; set; } = "run";
    /// <summary>Marks a select value as a registered model folder's path (see <see cref="FolderChoice"/>).</summary>
    public const string FolderPrefix = "folder:";

    /// <summary>"" = no teacher (supervised training); a checkpoint id or a run name; or <see cref="FolderChoice"/> of a model folder.</summary>
    public string Teacher { get; set; } = "";
    public int Layers { get; set; }
    public int Heads { get; set; }
    public int Width { get; set; }
    public int Context { get; set; }
    public string Dataset { get; set; } = BuiltInDatasets.Arithmetic;
    public List<ObjectiveRow> Objectives { get; } = ObjectiveKinds.All.Select(k => new ObjectiveRow(k)).ToList();
    public int Steps { get; set; }
    public int BatchSize { get; set; }
    public double LearningRate { get; set; }
    public int Seed { get; set; }
    public int EvalEvery { get; set; }
    public string Device { get; set; } = "auto";
    public string Schedule { get; set; } = LearningRateSchedules.Cosine;
    /// <summary>Null = the trainer's default (about 5% of the steps).</summary>
    public int? WarmupSteps { get; set; }
    public double WeightDecay { get; set; }
    public double GradClip { get; set; }
    public int GradAccumulation { get; set; } = 1;
    /// <summary>"" = a fresh initialisation with the shape above; a checkpoint id or run name; or <see cref="FolderChoice"/> of a model folder.</summary>
    public string StudentStart { get; set; } = "";
    /// <summary>LeaF settings; null = an ordinary run.</summary>
    public LeafConfig? Leaf { get; set; }

    /// <summary>Carried through unchanged from the config the form was made from (no field edits them yet), so presets keep them.</summary>
    public IReadOnlyList<Workbench.Experiments.Evaluation.EvalSet>? EvalSets { get; set; }

    public string? AnswerRule { get; set; }

    private IReadOnlyList<ValidationError> _errors = [];

    public static NewRunForm From(RunConfig config)
    {
        var form = new NewRunForm
        {
            Name = config.Name,
            Teacher = Choice(config.Teacher),
            Layers = config.Student.Layers,
            Heads = config.Student.Heads,
            Width = config.Student.Width,
            Context = config.Student.Context,
            Dataset = config.Dataset,
            Steps = config.Steps,
            BatchSize = config.BatchSize,
            LearningRate = config.LearningRate,
            Seed = config.Seed,
            EvalEvery = config.EvalEvery,
            Device = config.Device,
            Schedule = config.Schedule,
            WarmupSteps = config.WarmupSteps,
            WeightDecay = config.WeightDecay,
            GradClip = config.GradClip,
            GradAccumulation = config.GradAccumulation,
            StudentStart = Choice(config.Student),
            Leaf = config.Leaf,
            EvalSets = config.EvalSets,
            AnswerRule = config.AnswerRule,
        };
        foreach (var row in form.Objectives)
        {
            var term = config.Objectives.FirstOrDefault(o => o.Kind == row.Kind);
            row.Enabled = term is not null;
            row.Weight = term?.Weight ?? 0.5;
            row.Temperature = term?.Temperature ?? 2.0;
            row.Parameter = row.ParameterInfo is { } parameter ? parameter.Read(term ?? new()) ?? parameter.Default : null;
            row.MissingMass = term?.MissingMass;
            row.LayerMap = term?.LayerMap;
            row.RelationHeads = term?.RelationHeads;
        }
        return form;
    }

    public RunConfig ToConfig() => new()
    {
        Name = Name,
        Teacher = string.IsNullOrWhiteSpace(Teacher) ? null : Reference(Teacher),
        Student = string.IsNullOrWhiteSpace(StudentStart)
            ? new ModelRef { Layers = Layers, Heads = Heads, Width = Width, Context = Context }
            : Reference(StudentStart),
        Dataset = Dataset,
        Objectives = EnabledObjectives.Select(r => r.ToTerm()).ToList(),
        Steps = Steps,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        Seed = Seed,
        EvalEvery = EvalEvery,
        Device = Device,
        Schedule = Schedule,
        WarmupSteps = WarmupSteps,
        WeightDecay = WeightDecay,
        GradClip = GradClip,
        GradAccumulation = GradAccumulation,
        Leaf = Leaf,
        EvalSets = EvalSets,
        AnswerRule = AnswerRule,
    };

    /// <summary>The select value for a registered model folder at <paramref name="path"/>.</summary>
    public static string FolderChoice(string path) => FolderPrefix + path;

    private static string Choice(ModelRef? model) =>
        model?.Path is { } path ? FolderChoice(path) : model?.Checkpoint ?? "";

    // A folder choice sets ModelRef.Path (and no checkpoint); anything else names a checkpoint or run.
    private static ModelRef Reference(string choice) => choice.StartsWith(FolderPrefix, StringComparison.Ordinal)
        ? new ModelRef { Path = choice[FolderPrefix.Length..] }
        : new ModelRef { Checkpoint = choice };

    private List<ObjectiveRow> EnabledObjectives => Objectives.Where(r => r.Enabled).ToList();

    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>Re-validates; true when the form is valid.</summary>
    public bool Validate() => Validate(RunConfigValidator.Validate(ToConfig()));

    /// <summary>Shows errors found elsewhere (e.g. the teacher lookup at submission).</summary>
    public bool Validate(IReadOnlyList<ValidationError> errors)
    {
        _errors = errors;
        return errors.Count == 0;
    }

    /// <summary>The message for a field such as "steps" or "student.width", or null.</summary>
    public string? ErrorFor(string field) =>
        _errors.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();

    /// <summary>The message for one objective's field ("weight", "temperature", "kind", "beta", ...).</summary>
    public string? ErrorFor(ObjectiveRow row, string field)
    {
        var index = EnabledObjectives.IndexOf(row);
        return index < 0 ? null : ErrorFor($"objectives[{index}].{field}");
    }

    public sealed class ObjectiveRow(string kind)
    {
        public string Kind { get; } = kind;
        public bool Enabled { get; set; }
        public double Weight { get; set; } = 1;
        public double Temperature { get; set; } = 1;
        public bool HasTemperature => ObjectiveKinds.UsesTemperature(Kind);
        /// <summary>The kind's extra parameter (β, α or k), or null when it has none.</summary>
        public ObjectiveParameter? ParameterInfo { get; } = ObjectiveKinds.Parameter(kind);
        /// <summary>Its value; null takes the kind's default (for Plackett–Luce ranks: the whole vocabulary).</summary>
        public double? Parameter { get; set; }
        /// <summary>Top-k missing-mass mode: not on the form, kept so a preset or API config survives a round trip.</summary>
        public string? MissingMass { get; set; }
        /// <summary>Student ↔ teacher layers for feature objectives: uniform, last, all or "m:n,…"; null = the kind's default.</summary>
        public string? LayerMap { get; set; }
        public bool HasLayerMap => ObjectiveKinds.UsesLayerMap(Kind);
        /// <summary>Value-relation heads: not on the form, kept so a preset or API config survives a round trip.</summary>
        public int? RelationHeads { get; set; }

        public ObjectiveTerm ToTerm()
        {
            var term = new ObjectiveTerm
            {
                Kind = Kind, Weight = Weight, Temperature = Temperature, MissingMass = MissingMass,
                LayerMap = string.IsNullOrWhiteSpace(LayerMap) ? null : LayerMap.Trim(), RelationHeads = RelationHeads,
            };
            return ParameterInfo is { } parameter ? parameter.Write(term, Parameter) : term;
        }
    }
}
