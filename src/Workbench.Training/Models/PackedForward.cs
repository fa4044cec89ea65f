namespace Workbench.Training.Models;

/// <summary>Attaches a <see cref="PackedLayout"/> to a model for the forwards inside a <c>using</c> block.</summary>
public static class PackedForward
{
    /// <summary>
    /// Attaches <paramref name="layout"/> to <paramref name="model"/> until the result is disposed; does nothing (and returns
    /// null) when either is null. Throws when the model cannot run packed rows.
    /// </summary>
    public static IDisposable? Attach(ICausalLanguageModel? model, PackedLayout? layout)
    {
        if (model is null || layout is null) return null;
        if (model is not IPackedDecoder packed) throw new InvalidOperationException($"{model.GetType().Name} cannot run packed rows.");
        if (packed.Packing is not null) throw new InvalidOperationException("A packed layout is already attached to the model.");
        packed.AttachPacking(layout);
        return new Detach(packed);
    }

    private sealed class Detach(IPackedDecoder model) : IDisposable
    {
        public void Dispose() => model.AttachPacking(null);
    }
}
