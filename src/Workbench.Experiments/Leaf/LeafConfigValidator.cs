namespace Workbench.Experiments.Leaf;

/// <summary>Rules for <see cref="RunConfig.Leaf"/>; every error names its field under <c>leaf.</c>.</summary>
public static class LeafConfigValidator
{
    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Leaf is not { } leaf) return;
        if (config.Teacher is null) errors.Add(new("teacher", "LeaF distils from a teacher: choose one."));
        if (!config.Objectives.Any(o => ObjectiveKinds.NeedsTeacher(o.Kind)))
            errors.Add(new("objectives", "LeaF needs a teacher objective (forward KL in the paper)."));
        for (var i = 0; i < config.Objectives.Count; i++)
            if (ObjectiveDescriptors.Find(config.Objectives[i].Kind)?.Reads == ObjectiveInput.AlignedLogits)
                errors.Add(new($"objectives[{i}].kind", "LeaF feeds teacher and student the same (pruned) tokens; cross-tokenizer objectives are not available in LeaF runs."));
        Check(errors, "mask", leaf.Mask, LeafMasks.All);
        Check(errors, "thresholdMode", leaf.ThresholdMode, LeafThresholdModes.All);
        Check(errors, "selection", leaf.Selection, LeafSelections.Values);
        Check(errors, "mixing", leaf.Mixing, LeafMixings.All);
        Check(errors, "verifyFlip", leaf.VerifyFlip, LeafVerifications.All);
        Check(errors, "scorer", leaf.Scorer, LeafScorers.All);
        Check(errors, "spanUnit", leaf.SpanUnit, LeafSpanUnits.All);
        Check(errors, "interventionCandidates", leaf.InterventionCandidates, LeafSpanUnits.Candidates);
        Check(errors, "interventionEffect", leaf.InterventionEffect, LeafInterventionEffects.All);
        Check(errors, "interventionTeacher", leaf.InterventionTeacher, LeafInterventionTeachers.Values);
        Check(errors, "interventionTeacherEdits", leaf.InterventionTeacherEdits, LeafInterventionTeacherEdits.Values);
        if (leaf.IntegratedGradientsSteps is < 1 or > 64)
            errors.Add(new("leaf.integratedGradientsSteps", "Integrated-gradients steps must be between 1 and 64."));
        if (leaf.ProtectTeacherNumbersAbove is { } protect && (!double.IsFinite(protect) || protect is < 0 or > 1))
            errors.Add(new("leaf.protectTeacherNumbersAbove", "The protection threshold must be between 0 and 1 (or empty for off)."));
        if (leaf.LeaderboardSamples is < 1 or > 5000)
            errors.Add(new("leaf.leaderboardSamples", "Leaderboard samples must be between 1 and 5,000 (or empty for off)."));
        if (!double.IsFinite(leaf.Rho) || leaf.Rho is < 0 or >= 1) errors.Add(new("leaf.rho", "ρ must be at least 0 and below 1."));
        if (!double.IsFinite(leaf.Tau) || leaf.Tau is < 0 or > 1) errors.Add(new("leaf.tau", "τ must be between 0 and 1."));
        if (!double.IsFinite(leaf.Cap) || leaf.Cap is <= 0 or > 1) errors.Add(new("leaf.cap", "The cap must be above 0 and at most 1."));
        if (!double.IsFinite(leaf.Lambda) || leaf.Lambda is < 0 or > 1) errors.Add(new("leaf.lambda", "λ must be between 0 and 1."));
        if (leaf.MaxSpansPerSample is < 1) errors.Add(new("leaf.maxSpansPerSample", "Max spans per sample must be at least 1 (or empty for all)."));
        if (leaf.DetectionSamples is < 1) errors.Add(new("leaf.detectionSamples", "Detection samples must be at least 1 (or empty for all)."));
    }

    private static void Check(List<ValidationError> errors, string field, string? value, IReadOnlyList<string> allowed)
    {
        if (value is null || !allowed.Contains(value))
            errors.Add(new($"leaf.{field}", $"{field} must be one of {string.Join(", ", allowed)}."));
    }
}
