namespace Workbench.Experiments;

/// <summary>Checks a <see cref="RunConfig"/> before anything is queued; each error names the field.</summary>
public static class RunConfigValidator
{
    public const int MaxSteps = 1_000_000;
    public const int MaxBatchSize = 1024;
    public static IReadOnlyList<string> Devices { get; } = ["auto", "cpu", "cuda"];

    public static IReadOnlyList<ValidationError> Validate(RunConfig? config)
    {
        var errors = new List<ValidationError>();
        if (config is null)
        {
            errors.Add(new("config", "A run config is required."));
            return errors;
        }
        Validation.ConfigShapeValidator.Validate(config, errors);
        if (errors.Count > 0) return errors;   // the rules below assume the objects are there

        if (string.IsNullOrWhiteSpace(config.Name)) errors.Add(new("name", "Name is required."));
        else if (config.Name.Length > 100) errors.Add(new("name", "Name must be at most 100 characters."));

        if (Datasets.DatasetRefs.ImportedName(config.Dataset) is { } imported)
        {
            if (Datasets.DatasetNames.Validate(imported) is { } problem) errors.Add(new("dataset", problem));
        }
        else if (!BuiltInDatasets.All.Contains(config.Dataset))
            errors.Add(new("dataset", $"Unknown dataset '{config.Dataset}'. Known: {string.Join(", ", BuiltInDatasets.All)}, or imported:<name>."));

        if (config.Steps is < 1 or > MaxSteps) errors.Add(new("steps", $"Steps must be between 1 and {MaxSteps:N0}."));
        if (config.BatchSize is < 1 or > MaxBatchSize) errors.Add(new("batchSize", $"Batch size must be between 1 and {MaxBatchSize}."));
        if (!double.IsFinite(config.LearningRate) || config.LearningRate <= 0 || config.LearningRate > 1)
            errors.Add(new("learningRate", "Learning rate must be greater than 0 and at most 1."));
        if (config.Seed < 0) errors.Add(new("seed", "Seed must be zero or positive."));
        if (config.EvalEvery < 1) errors.Add(new("evalEvery", "Evaluate-every must be at least 1 step."));
        if (!Devices.Contains(config.Device)) errors.Add(new("device", $"Device must be one of {string.Join(", ", Devices)}."));
        if (config.Precision is { } precision && !Precisions.All.Contains(precision))
            errors.Add(new("precision", $"Precision must be one of {string.Join(", ", Precisions.All)}; got '{precision}'."));
        ValidateOptimization(config, errors);

        ValidateObjectives(config, errors);
        ValidateModel("student", config.Student, config, errors);
        Leaf.LeafConfigValidator.Validate(config, errors);
        Evaluation.EvalSetsValidator.Validate(config, errors);
        if (config.Teacher is not null) ValidateModel("teacher", config.Teacher, config, errors);
        if (config.Oracle is not null) ValidateModel("oracle", config.Oracle, config, errors);
        Validation.RunNameValidator.Validate(config, errors);
        Validation.ObjectiveBoundsValidator.Validate(config, errors);
        Validation.LayerMapRangeValidator.Validate(config, errors);
        Validation.TeacherSourceValidator.Validate(config, errors);
        Validation.TeacherStoreConfigValidator.Validate(config, errors);
        Resources.RunResources.Validate(config.Resources, errors);
        Validation.DataConfigValidator.Validate(config, errors);
        Validation.OracleValidator.Validate(config, errors);
        return errors;
    }

    public const int MaxGradAccumulation = 64;

    private static void ValidateOptimization(RunConfig config, List<ValidationError> errors)
    {
        if (!double.IsFinite(config.WeightDecay) || config.WeightDecay is < 0 or > 1)
            errors.Add(new("weightDecay", "Weight decay must be between 0 and 1."));
        if (config.WarmupSteps is { } warmup && (warmup < 0 || warmup > config.Steps))
            errors.Add(new("warmupSteps", "Warmup steps must be between 0 and the number of steps."));
        if (config.CheckpointEvery is < 0)
            errors.Add(new("checkpointEvery", "Checkpoint-every must be 0 (only at the end) or a positive number of steps."));
        if (config.Schedule is null || !LearningRateSchedules.All.Contains(config.Schedule))
            errors.Add(new("schedule", $"Schedule must be one of {string.Join(", ", LearningRateSchedules.All)}."));
        if (!double.IsFinite(config.GradClip) || config.GradClip < 0)
            errors.Add(new("gradClip", "Gradient clip must be zero (off) or positive."));
        if (config.GradAccumulation is < 1 or > MaxGradAccumulation)
            errors.Add(new("gradAccumulation", $"Gradient accumulation must be between 1 and {MaxGradAccumulation}."));
    }

    private static void ValidateObjectives(RunConfig config, List<ValidationError> errors)
    {
        if (config.Objectives is null || config.Objectives.Count == 0)
        {
            errors.Add(new("objectives", "Choose at least one objective."));
            return;
        }
        for (var i = 0; i < config.Objectives.Count; i++)
        {
            var term = config.Objectives[i];
            var field = $"objectives[{i}]";
            var descriptor = ObjectiveDescriptors.Find(term.Kind);
            if (descriptor is null)
                errors.Add(new($"{field}.kind", $"Unknown objective '{term.Kind}'. Known: {string.Join(", ", ObjectiveKinds.All)}."));
            if (!double.IsFinite(term.Weight) || term.Weight <= 0)
                errors.Add(new($"{field}.weight", "Weight must be a positive number."));
            if (!double.IsFinite(term.Temperature) || term.Temperature <= 0 || term.Temperature > 100)
                errors.Add(new($"{field}.temperature", "Temperature must be greater than 0 and at most 100."));
            ValidateParameters(term, field, errors);
            if (descriptor is { IsFeature: true } && config.Teacher is null)
                errors.Add(new($"{field}.kind", $"Objective '{term.Kind}' compares the student's features with a teacher's; choose a teacher."));
            else if (descriptor is { NeedsTeacher: true } && config.Teacher is null)
                errors.Add(new("teacher", $"Objective '{term.Kind}' needs a teacher."));
            ValidateFeatureParameters(term, field, config.Student, errors);
        }
        if (config.Objectives.GroupBy(o => o.Kind).Any(g => g.Count() > 1))
            errors.Add(new("objectives", "Each objective may appear only once."));
        // Aligned-logit terms read the teacher over its own tokenization; feature terms need both models on the same positions.
        var aligned = config.Objectives.FirstOrDefault(o => ObjectiveDescriptors.Find(o.Kind)?.Reads == ObjectiveInput.AlignedLogits);
        var feature = config.Objectives.FirstOrDefault(o => ObjectiveDescriptors.Find(o.Kind)?.IsFeature == true);
        if (aligned is not null && feature is not null)
            errors.Add(new("objectives", $"Objective '{aligned.Kind}' compares logits over each model's own tokens; it cannot be combined with the feature term '{feature.Kind}'."));
    }

    // Every parameter field the term sets must be one its kind's descriptor takes, and in that parameter's range.
    private static void ValidateParameters(ObjectiveTerm term, string field, List<ValidationError> errors)
    {
        var descriptor = ObjectiveDescriptors.Find(term.Kind);
        foreach (var name in ObjectiveParameter.Fields.Where(name => ObjectiveParameter.IsSet(term, name)))
        {
            if (descriptor?.Parameter(name) is not { } parameter) errors.Add(new($"{field}.{name}", $"Objective '{term.Kind}' takes no {name}."));
            else if (parameter.Check(term) is { } rule) errors.Add(new($"{field}.{name}", rule));
        }
    }

    // Range checks against the teacher's depth need its checkpoint: TeacherStudentCompatibility does them at run start.
    private static void ValidateFeatureParameters(ObjectiveTerm term, string field, ModelRef student, List<ValidationError> errors)
    {
        if (term.LayerMap is { } map)
        {
            if (!ObjectiveKinds.UsesLayerMap(term.Kind))
                errors.Add(new($"{field}.layerMap", $"Objective '{term.Kind}' takes no layerMap."));
            else if (!IsLayerMap(map))
                errors.Add(new($"{field}.layerMap", $"Layer map must be '{ObjectiveTerm.LayerMapUniform}', '{ObjectiveTerm.LayerMapLast}', '{ObjectiveTerm.LayerMapAll}' or pairs such as \"1:2,2:4\"."));
        }
        if (term.Kind == ObjectiveKinds.ValueRelation && term.RelationHeads is >= 1 and var heads && !student.IsLoaded && student.Width % heads != 0)
            errors.Add(new($"{field}.relationHeads", $"Relation heads ({heads}) must divide the student's width ({student.Width})."));
    }

    private static bool IsLayerMap(string map) =>
        map is ObjectiveTerm.LayerMapUniform or ObjectiveTerm.LayerMapLast or ObjectiveTerm.LayerMapAll
        || (map.Length > 0 && map.Split(',').All(pair => pair.Split(':') is [var s, var t]
                                                          && int.TryParse(s.Trim(), out var m) && m >= 0
                                                          && int.TryParse(t.Trim(), out var n) && n >= 0));

    private static void ValidateModel(string field, ModelRef model, RunConfig config, List<ValidationError> errors)
    {
        if (model.Run is { } run)
        {
            if (model.Checkpoint is not null || model.Path is not null)
                errors.Add(new($"{field}.run", "Choose one of a run, a checkpoint or a model folder."));
            else if (run < 1) errors.Add(new($"{field}.run", "A run id is a positive number."));
            return; // the architecture comes from that run's checkpoint
        }
        if (model.Path is not null)
        {
            if (model.Checkpoint is not null) errors.Add(new($"{field}.path", "Choose either a checkpoint or a model folder, not both."));
            else if (string.IsNullOrWhiteSpace(model.Path) || !System.IO.Path.IsPathFullyQualified(model.Path))
                errors.Add(new($"{field}.path", "The model folder must be an absolute path."));
            else if (model.Path.Split('/', '\\').Contains(".."))
                errors.Add(new($"{field}.path", "The model folder path must not contain '..'."));
            return; // the architecture comes from the folder's config.json
        }
        if (model.Checkpoint is not null)
        {
            if (string.IsNullOrWhiteSpace(model.Checkpoint)) errors.Add(new($"{field}.checkpoint", "Checkpoint must name a checkpoint id or a run."));
            return; // the architecture comes from the checkpoint
        }
        if (model.Layers is < 1 or > 48) errors.Add(new($"{field}.layers", "Layers must be between 1 and 48."));
        if (model.Heads is < 1 or > 64) errors.Add(new($"{field}.heads", "Heads must be between 1 and 64."));
        if (model.Width is < 8 or > 4096) errors.Add(new($"{field}.width", "Width must be between 8 and 4096."));
        else if (model.Heads >= 1 && model.Width % model.Heads != 0)
            errors.Add(new($"{field}.width", $"Width ({model.Width}) must be divisible by heads ({model.Heads})."));
        var minContext = BuiltInDatasets.All.Contains(config.Dataset) ? BuiltInDatasets.MaxSequenceLength(config.Dataset) : 8;
        if (model.Context < minContext || model.Context > 4096)
            errors.Add(new($"{field}.context", $"Context must be between {minContext} (the dataset's longest sample) and 4096."));
    }
}
