using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Reads the text of <c>CronArgs</c>: checks that it is exactly one JSON object (RFC 8259 grammar) and returns its
    /// top-level property names in order. Self-contained, so the analyzer needs no JSON library in the compiler host.
    /// </summary>
    internal sealed class CronArgsJson
    {
        private readonly string _text;
        private int _pos;

        private CronArgsJson(string text) => _text = text;

        /// <summary>One top-level property: its name, the JSON text of its value, and the string it holds when it is a string.</summary>
        internal sealed class Property
        {
            public Property(string name, string rawValue, string? stringValue)
            {
                Name = name;
                RawValue = rawValue;
                StringValue = stringValue;
            }

            public string Name { get; }

            /// <summary>The value as written (<c>30</c>, <c>"pdf"</c>, <c>[1,2]</c>).</summary>
            public string RawValue { get; }

            /// <summary>The decoded string, for a string value; else null.</summary>
            public string? StringValue { get; }

            public bool IsString => RawValue[0] == '"';
            public bool IsNumber => RawValue[0] == '-' || (RawValue[0] >= '0' && RawValue[0] <= '9');
            public bool IsBoolean => RawValue == "true" || RawValue == "false";
            public bool IsNull => RawValue == "null";

            /// <summary>The value for messages: <c>the string "30"</c>, <c>the number 1.5</c>, <c>true</c>, <c>null</c>, <c>an object</c>, <c>an array</c>.</summary>
            public string Describe() =>
                IsString ? "the string " + RawValue
                : IsNumber ? "the number " + RawValue
                : RawValue[0] == '{' ? "an object"
                : RawValue[0] == '[' ? "an array"
                : RawValue;
        }

        /// <summary>The top-level properties in order (repeats included), or null with <paramref name="error"/> saying what is wrong and where.</summary>
        public static List<Property>? ReadProperties(string text, out string? error)
        {
            var reader = new CronArgsJson(text);
            var properties = new List<Property>();
            error = reader.ReadDocument(properties);
            return error is null ? properties : null;
        }

        private string? ReadDocument(List<Property> properties)
        {
            SkipWhitespace();
            if (_pos >= _text.Length) return "it is empty; expected a JSON object such as {\"days\":30}";
            if (_text[_pos] != '{') return "it is not a JSON object (it starts with " + Describe(_pos) + "); expected a JSON object such as {\"days\":30}";
            var error = ReadObject(properties);
            if (error is not null) return error;
            SkipWhitespace();
            return _pos < _text.Length ? "it has text after the JSON object, at position " + _pos : null;
        }

        private string? ReadValue()
        {
            SkipWhitespace();
            if (_pos >= _text.Length) return "it ends where a value is expected";
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(null);
                case '[': return ReadArray();
                case '"': return ReadString(out _);
                case 't': return ReadLiteral("true");
                case 'f': return ReadLiteral("false");
                case 'n': return ReadLiteral("null");
                default: return c == '-' || (c >= '0' && c <= '9') ? ReadNumber() : "expected a value at position " + _pos + ", found " + Describe(_pos);
            }
        }

        private string? ReadObject(List<Property>? properties)
        {
            _pos++; // {
            SkipWhitespace();
            if (Peek('}')) { _pos++; return null; }
            while (true)
            {
                SkipWhitespace();
                if (!Peek('"')) return "expected a property name in double quotes at position " + _pos + ", found " + Describe(_pos);
                var error = ReadString(out var name);
                if (error is not null) return error;
                SkipWhitespace();
                if (!Peek(':')) return "expected ':' after the property name \"" + name + "\" at position " + _pos + ", found " + Describe(_pos);
                _pos++;
                SkipWhitespace();
                int valueStart = _pos;
                string? stringValue = null;
                error = Peek('"') ? ReadString(out stringValue) : ReadValue();
                if (error is not null) return error;
                properties?.Add(new Property(name, _text.Substring(valueStart, _pos - valueStart), stringValue));
                SkipWhitespace();
                if (Peek(',')) { _pos++; continue; }
                if (Peek('}')) { _pos++; return null; }
                return "expected ',' or '}' at position " + _pos + ", found " + Describe(_pos);
            }
        }

        private string? ReadArray()
        {
            _pos++; // [
            SkipWhitespace();
            if (Peek(']')) { _pos++; return null; }
            while (true)
            {
                var error = ReadValue();
                if (error is not null) return error;
                SkipWhitespace();
                if (Peek(',')) { _pos++; continue; }
                if (Peek(']')) { _pos++; return null; }
                return "expected ',' or ']' at position " + _pos + ", found " + Describe(_pos);
            }
        }

        private string? ReadString(out string value)
        {
            int start = _pos++;
            var sb = new StringBuilder();
            value = "";
            while (_pos < _text.Length)
            {
                char c = _text[_pos++];
                if (c == '"') { value = sb.ToString(); return null; }
                if (c < ' ') return "the string starting at position " + start + " holds a control character (escape it)";
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _text.Length) break;
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            return "invalid \\u escape at position " + (_pos - 2);
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default: return "invalid escape '\\" + e + "' at position " + (_pos - 2);
                }
            }
            return "the string starting at position " + start + " is not closed";
        }

        private string? ReadNumber()
        {
            int start = _pos;
            if (Peek('-')) _pos++;
            if (Peek('0')) _pos++;
            else if (!Digits()) return "invalid number at position " + start;
            if (Peek('.'))
            {
                _pos++;
                if (!Digits()) return "invalid number at position " + start + " (no digit after '.')";
            }
            if (Peek('e') || Peek('E'))
            {
                _pos++;
                if (Peek('+') || Peek('-')) _pos++;
                if (!Digits()) return "invalid number at position " + start + " (no digit in the exponent)";
            }
            return null;
        }

        private bool Digits()
        {
            int start = _pos;
            while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9') _pos++;
            return _pos > start;
        }

        private string? ReadLiteral(string literal)
        {
            if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0) return "expected a value at position " + _pos + ", found " + Describe(_pos);
            _pos += literal.Length;
            return null;
        }

        private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

        private void SkipWhitespace()
        {
            while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        private string Describe(int pos) => pos >= _text.Length ? "the end of the text" : "'" + _text[pos] + "'";
    }
}
