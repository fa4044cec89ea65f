using Workbench.Training.Data.Bpe;

namespace Workbench.Training.Tests.Data.Bpe;

public sealed class ByteLevelAlphabetTests
{
    [Fact]
    public void Characters_AreGpt2sBytesToUnicode()
    {
        var map = ByteLevelAlphabet.Characters;
        Assert.Equal(256, map.Distinct().Count());
        Assert.Equal('Ġ', map[' ']);                // space is byte 32, the 33rd non-printable: U+0100 + 32
        Assert.Equal('Ċ', map['\n']);
        Assert.Equal('a', map['a']);
        Assert.Equal('Ā', map[0]);
    }

    [Fact]
    public void Encode_MultiByteCharacter_IsOneCharacterPerUtf8Byte()
    {
        Assert.Equal("Ã©", ByteLevelAlphabet.Encode("é"));        // 0xC3 0xA9
        Assert.Equal("Ġpens", ByteLevelAlphabet.Encode(" pens"));
    }
}
