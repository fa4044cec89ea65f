namespace Workbench.Experiments.Validation;

/// <summary>The <c>data</c> section: a known regime, parameters in range, a teacher for generated data, and no LeaF with it.</summary>
public static class DataConfigValidator
{
    public const int MaxTrainSamples = 1_000_000;

    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Data is not { } data) return;
        if (data.Regime is null || !DataRegimes.All.Contains(data.Regime))
        {
            errors.Add(new("data.regime", $"Data regime must be one of {string.Join(", ", DataRegimes.All)}."));
            return;
        }
        if (!double.IsFinite(data.Lambda) || data.Lambda is < 0 or > 1) errors.Add(new("data.lambda", "λ must be between 0 and 1."));
        if (!double.IsFinite(data.Temperature) || data.Temperature is < 0 or > 10) errors.Add(new("data.temperature", "Temperature must be between 0 (greedy) and 10."));
        if (!double.IsFinite(data.TopP) || data.TopP is <= 0 or > 1) errors.Add(new("data.topP", "top-p must be greater than 0 and at most 1."));
        if (data.MaxNewTokens is < 1 or > DataConfig.MaxNewTokensLimit) errors.Add(new("data.maxNewTokens", $"Max new tokens must be between 1 and {DataConfig.MaxNewTokensLimit}."));
        if (data.SamplesPerPrompt is < 1 or > DataConfig.MaxSamplesPerPrompt)
            errors.Add(new("data.samplesPerPrompt", $"Samples per prompt must be between 1 and {DataConfig.MaxSamplesPerPrompt}."));
        else if (data.SamplesPerPrompt > 1 && data.Temperature == 0)
            errors.Add(new("data.samplesPerPrompt", "More than one sample per prompt needs a temperature above 0 (greedy gives one completion)."));
        if (data.TrainSamples is < 1 or > MaxTrainSamples) errors.Add(new("data.trainSamples", $"Training samples must be between 1 and {MaxTrainSamples:N0}."));
        if (data.Packing) PackingValidator.Validate(config, errors);
        if (data.Regime == DataRegimes.Offline) return;
        if (config.Teacher is null) errors.Add(new("data.regime", $"The {data.Regime} regime needs a teacher: it generates or scores the completions."));
        if (config.Leaf is not null) errors.Add(new("data.regime", "LeaF runs train on the dataset's completions (offline); remove the data section or the LeaF one."));
        if (config.Objectives.Any(o => ObjectiveDescriptors.Find(o.Kind)?.Reads == ObjectiveInput.AlignedLogits))
            errors.Add(new("data.regime", "Cross-tokenizer objectives align the dataset's own text; generated completions are not available with them yet."));
    }
}
