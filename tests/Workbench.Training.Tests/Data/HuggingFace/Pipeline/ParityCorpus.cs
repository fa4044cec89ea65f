namespace Workbench.Training.Tests.Data.HuggingFace.Pipeline;

/// <summary>
/// Texts on which every tokenizer family is compared with the reference: ASCII prose, digits, punctuation runs, CJK,
/// emoji (with joiners and skin tones), letters and digits outside the BMP, whitespace runs (tabs, newlines, NBSP),
/// accents, contractions, and each family's special tokens inside text.
/// </summary>
public static class ParityCorpus
{
    /// <summary>Training text for the fixtures' vocabularies, so merges and pieces exist for every script in the corpus.</summary>
    public static IReadOnlyList<string> Training { get; } =
    [
        "Hello world, hello there! The quick brown fox jumps over the lazy dog.",
        "We distil large teachers into small students; the student learns the teacher's distribution.",
        "There are 12 apples and 345 oranges: 12345 fruits in 2024, 3.14159 and 1,000,000 more.",
        "I'm sure you're right, they've said it'll work and we'd know. Don't worry, it's fine.",
        "你好世界，我们正在学习。机器学习很有趣！東京は日本の首都です。",
        "안녕하세요 세계. Привет, мир! Γειά σου κόσμε. مرحبا بالعالم",
        "Emoji: 😀 😃 👍🏽 👨‍👩‍👧 ❤️ 🎉🎉🎉",
        "Math letters 𝐀𝐁𝐂 𝑥𝑦𝑧 and digits 𝟏𝟐𝟑 in a𝐀b.",
        "café naïve résumé Ångström façade coöperate",
        "    indented code\n\tdef f(x):\n\t\treturn x ** 2  # square\n",
        "zebra zebras zebra-like Zebra",
    ];

    /// <summary>The compared texts; <paramref name="specials"/> are the family's added tokens, mixed into some texts.</summary>
    public static IReadOnlyList<string> Texts(IReadOnlyList<string> specials)
    {
        var (s0, s1) = (specials[0], specials[Math.Min(1, specials.Count - 1)]);
        return
        [
            "Hello world",
            "hello world",
            " Hello  world ",
            "The quick brown fox jumps over the lazy dog.",
            "zebra",
            " zebra",
            "a zebra and zebras",
            "quokkas and zebroids: quokka quokkas, zebroids",
            "HELLO WORLD!!!",
            "I'm sure you're right; they've said it'll work, we'd know. DON'T",
            "12 345 6789 12345678901234567890",
            "3.14159 + 2.71828 = 5.85987",
            "1,000,000 and 2024-12-02",
            "!!!??? ... ,,, ;;; --- *** ((())) [[]] {{}}",
            "a...b!!c??d--e",
            "<html><body>x</body></html>",
            "email@example.com https://example.com/a?b=c&d=e",
            "你好世界",
            "你好，世界！我们正在学习。",
            "東京は日本の首都です",
            "안녕하세요 세계",
            "Привет, мир!",
            "Γειά σου κόσμε",
            "مرحبا بالعالم",
            "😀",
            "😀😃😄",
            "👍🏽 thumbs",
            "👨‍👩‍👧 family",
            "❤️ love 🎉🎉",
            "a😀b",
            "𝐀",
            "a𝐀b",
            "𝐀𝐁𝐂 letters",
            "digits 𝟏𝟐𝟑",
            "x𝟏y",
            "𝑥 + 𝑦 = 𝑧",
            "mixed 𝐀1𝟏a",
            "",
            " ",
            "   ",
            "\n",
            "\n\n\n",
            "\t\ttabs\t",
            "line one\nline two\r\nline three",
            "trailing spaces   ",
            "   leading spaces",
            "a  b   c    d",
            "non\u00A0breaking\u00A0space",
            "ideographic\u3000space",
            "café naïve résumé",
            "Ångström",
            "e\u0301 combining",
            "ﬁne ligature",
            "Ⅻ roman ①",
            "    indented code\n\tdef f(x):\n\t\treturn x ** 2",
            "snake_case and camelCase and kebab-case",
            "unknownwordxyzq",
            "Supercalifragilisticexpialidocious",
            new string('a', 120),
            "mixed 中文 and English 123 😀 𝐀!",
            s0,
            s0 + "Hello",
            "Hello" + s0,
            "Hello " + s0 + " world",
            s0 + s1 + s0,
            s1 + "\nHi there" + s1,
            "text with " + s0 + "\n\n" + s1 + " inside",
        ];
    }
}
