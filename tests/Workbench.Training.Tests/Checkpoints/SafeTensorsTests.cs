using System.Buffers.Binary;
using System.Text;
using Workbench.Training.Checkpoints;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Checkpoints;

public sealed class SafeTensorsTests : TorchTest
{
    [Fact]
    public void WriteRead_TensorsAndMetadata_RoundTrip()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.safetensors");
        using var matrix = tensor(new float[] { 1, -2, 3.5f, 4, 5, 6 }, [2, 3]);
        using var vector = tensor(new float[] { 0.25f }, [1]);
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["m"] = matrix, ["v"] = vector },
                                new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\"" });

        using var file = SafeTensorsReader.Read(path);
        Assert.Equal(["m", "v"], file.Tensors.Keys.Order());
        Assert.Equal([2L, 3L], file.Tensors["m"].shape);
        Assert.Equal(ScalarType.Float32, file.Tensors["m"].dtype);
        TensorAssert.Equal(matrix, file.Tensors["m"]);
        TensorAssert.Equal(vector, file.Tensors["v"]);
        Assert.Equal("ünïcode \"quoted\"", file.Metadata["note"]);
        Assert.Equal(file.Metadata, SafeTensorsHeader.ReadMetadata(path));
    }

    [Fact]
    public void Write_Header_IsLittleEndianLengthAndSpacePaddedJsonAlignedTo8()
    {
        using var dir = new TempDirectory();
        var path = dir.File("b.safetensors");
        using var t = tensor(new float[] { 1, 2 }, [2]);
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["x"] = t });

        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, n);
        Assert.StartsWith("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        Assert.EndsWith("}", header.TrimEnd(' '));                   // the rest is space padding
        Assert.Equal(8 + n + 8, bytes.Length);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + n)));
    }

    [Fact]
    public void Read_HandWrittenF16AndBF16_GivesValues()
    {
        using var dir = new TempDirectory();
        var path = dir.File("c.safetensors");
        // F16 1.5 = 0x3E00, −2 = 0xC000; BF16 1.5 = 0x3FC0, 0.5 = 0x3F00
        var header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}";
        var data = new byte[] { 0x00, 0x3E, 0x00, 0xC0, 0xC0, 0x3F, 0x00, 0x3F };
        WriteRaw(path, header, data);

        using var file = SafeTensorsReader.Read(path);
        Assert.Equal(ScalarType.Float16, file.Tensors["h"].dtype);
        Assert.Equal(ScalarType.BFloat16, file.Tensors["b"].dtype);
        Assert.Equal([1.5f, -2f], file.Tensors["h"].to(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal([1.5f, 0.5f], file.Tensors["b"].to(ScalarType.Float32).data<float>().ToArray());
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Read_OffsetsOutsideFile_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        var path = dir.File("d.safetensors");
        WriteRaw(path, "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        Assert.Throws<InvalidDataException>(() => SafeTensorsReader.Read(path));
    }

    [Fact]
    public void Read_UnsupportedDType_ThrowsNotSupported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("e.safetensors");
        WriteRaw(path, "{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        var ex = Assert.Throws<NotSupportedException>(() => SafeTensorsReader.Read(path));
        Assert.Contains("I64", ex.Message);
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, "BF16")]
    [InlineData(ScalarType.Float16, "F16")]
    public void Write_HalfPrecision_StoresRoundedValuesAndDTypeName(ScalarType dtype, string name)
    {
        using var dir = new TempDirectory();
        var path = dir.File("h.safetensors");
        using var values = tensor(new float[] { 1, -2.5f, 0.1f, 65000f, 1e-3f, 3.14159f }, [2, 3]);
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["w"] = values }, dtype: dtype);

        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Contains($"\"dtype\":\"{name}\"", Encoding.UTF8.GetString(bytes, 8, n));
        Assert.Equal(8 + n + 12, bytes.Length);                          // 6 values × 2 bytes
        using var file = SafeTensorsReader.Read(path);
        Assert.Equal(dtype, file.Tensors["w"].dtype);
        using var expected = values.to(dtype);
        TensorAssert.Equal(expected, file.Tensors["w"]);
    }

    [Fact]
    public void Write_BFloat16_KnownBitPatterns()
    {
        using var dir = new TempDirectory();
        var path = dir.File("b.safetensors");
        using var values = tensor(new float[] { 1.5f, 0.5f });
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["b"] = values }, dtype: ScalarType.BFloat16);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xC0, 0x3F, 0x00, 0x3F }, bytes[^4..]);   // BF16 1.5 = 0x3FC0, 0.5 = 0x3F00, little-endian
    }

    [Fact]
    public void ReadEntries_WrittenFile_GivesNamesDTypesShapesAndOffsetsOnly()
    {
        using var dir = new TempDirectory();
        var path = dir.File("e.safetensors");
        using var a = zeros(2, 3);
        using var b = zeros(4);
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a }, dtype: ScalarType.Float16);
        Assert.Equal(
            [("a", SafeTensorsDataType.F16, "2,3", 0L, 12L), ("b", SafeTensorsDataType.F16, "4", 12L, 20L)],
            SafeTensorsHeader.ReadEntries(path).Select(e => (e.Name, e.DType, string.Join(",", e.Shape), e.Begin, e.End)));
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
    }
}
