extern alias BananasGenerator;

using BananasGenerator::Bananas.Tasks.Generators.Emitting;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>The emitters' writer: a raw-string template comes out re-indented at the current level, line for line.</summary>
public sealed class SourceWriterTests
{
    [Fact]
    public void Template_IsReindentedAtTheCurrentLevel_AndAMultiLineHoleKeepsItsLinesIndentation()
    {
        var w = new SourceWriter();
        var statements = "a = 1;\n\nb = 2;";
        using (w.OpenBlock("class C"))
        {
            w.Lines($$"""
                void M()
                {
                    {{statements}}
                }

                """);
        }
        Assert.Equal("class C\n{\n    void M()\n    {\n        a = 1;\n\n        b = 2;\n    }\n\n}\n", w.ToString());
    }

    [Fact]
    public void CarriageReturns_OfTheEmittersSource_BecomeLineFeeds() =>
        Assert.Equal("x\ny\n", new SourceWriter().Lines("x\r\ny").ToString());
}
