using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Workbench.Web.Tests.Shared;

/// <summary>
/// Writes a tiny Hugging Face model folder (config.json and a zero-filled F32 model.safetensors) with plain bytes, so
/// tests of the host need no libtorch. Llama shape: V = 64, C = 16, 2 layers, 4 query heads, 2 key/value heads, tied head.
/// </summary>
public static class TinyModelFolder
{
    public const int VocabSize = 64, Hidden = 16, Intermediate = 32, Layers = 2, Heads = 4, KeyValueHeads = 2;

    /// <summary>Elements in the weights written: 64·16 + 2·(2·16·16 + 2·8·16 + 3·32·16 + 2·16) + 16 = 5,712.</summary>
    public const long ParameterCount = VocabSize * Hidden + Layers * (2 * Hidden * Hidden + 2 * 8 * Hidden + 3 * Intermediate * Hidden + 2 * Hidden) + Hidden;

    /// <summary>Creates <paramref name="directory"/> with a config of the given <paramref name="modelType"/> and <paramref name="architecture"/>.</summary>
    public static string Write(string directory, string modelType = "llama", string architecture = "LlamaForCausalLM")
    {
        Directory.CreateDirectory(directory);
        var config = new Dictionary<string, object>
        {
            ["architectures"] = new[] { architecture },
            ["model_type"] = modelType,
            ["vocab_size"] = VocabSize,
            ["hidden_size"] = Hidden,
            ["intermediate_size"] = Intermediate,
            ["num_hidden_layers"] = Layers,
            ["num_attention_heads"] = Heads,
            ["num_key_value_heads"] = KeyValueHeads,
            ["tie_word_embeddings"] = true,
            ["hidden_act"] = "silu",
            ["torch_dtype"] = "float32",
        };
        File.WriteAllText(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(config));
        WriteSafeTensors(Path.Combine(directory, "model.safetensors"), Tensors());
        return directory;
    }

    private static IEnumerable<(string Name, long[] Shape)> Tensors()
    {
        yield return ("model.embed_tokens.weight", [VocabSize, Hidden]);
        for (var i = 0; i < Layers; i++)
        {
            var p = $"model.layers.{i}.";
            yield return (p + "self_attn.q_proj.weight", [Hidden, Hidden]);
            yield return (p + "self_attn.k_proj.weight", [KeyValueHeads * Hidden / Heads, Hidden]);
            yield return (p + "self_attn.v_proj.weight", [KeyValueHeads * Hidden / Heads, Hidden]);
            yield return (p + "self_attn.o_proj.weight", [Hidden, Hidden]);
            yield return (p + "mlp.gate_proj.weight", [Intermediate, Hidden]);
            yield return (p + "mlp.up_proj.weight", [Intermediate, Hidden]);
            yield return (p + "mlp.down_proj.weight", [Hidden, Intermediate]);
            yield return (p + "input_layernorm.weight", [Hidden]);
            yield return (p + "post_attention_layernorm.weight", [Hidden]);
        }
        yield return ("model.norm.weight", [Hidden]);
    }

    // safetensors: 8-byte little-endian header length, JSON header padded with spaces to a multiple of 8, raw data.
    private static void WriteSafeTensors(string path, IEnumerable<(string Name, long[] Shape)> tensors)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            var bytes = shape.Aggregate(1L, (a, d) => a * d) * sizeof(float);
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = new byte[(json.Length + 7) / 8 * 8];
        padded.AsSpan().Fill((byte)' ');
        json.CopyTo(padded, 0);
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded.Length);
        file.Write(length);
        file.Write(padded);
        file.Write(new byte[offset]);
    }
}
