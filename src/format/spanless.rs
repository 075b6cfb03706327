//! The AST written without its spans, for comparing two trees by what they say rather than where they say it.
//!
//! A serde `Serializer` that writes any serialisable value as compact, unambiguous text (strings with their
//! length, every compound delimited) and leaves out every struct field named `span`. Equal texts mean equal
//! values but for spans. It writes straight into one sink: no JSON escaping, no number formatting beyond what
//! the values need, nothing to strip afterwards. The sink can also be a text written before, compared as the
//! value is written and given up at the first difference ([`Expect`]).

use serde::ser::{self, Serialize};
use std::fmt::{self, Write};

/// `value` without its spans, as text.
#[cfg(test)]
pub fn spanless<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write(&mut out, value);
    out
}

/// Writes `value` without its spans to `out`; an error only where `out` gives one.
pub fn write<W: Write, T: Serialize + ?Sized>(out: &mut W, value: &T) -> fmt::Result {
    value.serialize(&mut Writer(out))
}

/// A sink that holds a text written before and takes only what continues it: the first piece that does not is
/// an error, which stops the writing there.
pub struct Expect<'e> {
    rest: &'e str,
}

impl<'e> Expect<'e> {
    /// Expects `text`.
    pub fn new(text: &'e str) -> Self {
        Expect { rest: text }
    }

    /// Whether all of the text was written.
    pub fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

impl Write for Expect<'_> {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        match self.rest.strip_prefix(piece) {
            Some(rest) => {
                self.rest = rest;
                Ok(())
            }
            None => Err(fmt::Error),
        }
    }
}

/// The sink written to.
struct Writer<'w, W>(&'w mut W);

/// The name of the fields left out.
const SPAN: &str = "span";

type Done = Result<(), fmt::Error>;

impl<W: Write> Writer<'_, W> {
    fn text(&mut self, tag: char, text: &str) -> Done {
        self.0.write_char(tag)?;
        self.0.write_str(itoa::Buffer::new().format(text.len()))?;
        self.0.write_char(':')?;
        self.0.write_str(text)
    }

    fn open<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Done {
        self.0.write_str(name)?;
        self.0.write_char('(')?;
        value.serialize(&mut *self)?;
        self.0.write_char(')')
    }
}

impl<'s, 'w, W: Write> ser::Serializer for &'s mut Writer<'w, W> {
    type Ok = ();
    type Error = fmt::Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.0.write_char(if v { 'T' } else { 'F' })
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.0.write_char('i')?;
        self.0.write_str(itoa::Buffer::new().format(v))?;
        self.0.write_char(';')
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.0.write_char('u')?;
        self.0.write_str(itoa::Buffer::new().format(v))?;
        self.0.write_char(';')
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        write!(self.0, "f{v:?};")
    }
    fn serialize_char(self, v: char) -> Done {
        write!(self.0, "c{v}")
    }
    fn serialize_str(self, v: &str) -> Done {
        self.text('s', v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        write!(self.0, "b{v:?}")
    }
    fn serialize_none(self) -> Done {
        self.0.write_char('~')
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.0.write_char('?')?;
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.0.write_char('_')
    }
    fn serialize_unit_struct(self, name: &'static str) -> Done {
        self.text('U', name)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.text('V', variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Done {
        self.open(name, value)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.open(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, fmt::Error> {
        self.0.write_char('[')?;
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, fmt::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Self, fmt::Error> {
        self.0.write_str(name)?;
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, fmt::Error> {
        self.0.write_str(variant)?;
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, fmt::Error> {
        self.0.write_char('<')?;
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, fmt::Error> {
        self.0.write_str(name)?;
        self.0.write_char('{')?;
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, fmt::Error> {
        self.0.write_str(variant)?;
        self.0.write_char('{')?;
        Ok(self)
    }
}

impl<W: Write> ser::SerializeSeq for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)?;
        self.0.write_char(',')
    }
    fn end(self) -> Done {
        self.0.write_char(']')
    }
}

impl<W: Write> ser::SerializeTuple for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl<W: Write> ser::SerializeTupleStruct for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl<W: Write> ser::SerializeTupleVariant for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl<W: Write> ser::SerializeMap for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)?;
        self.0.write_char('=')
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)?;
        self.0.write_char(';')
    }
    fn end(self) -> Done {
        self.0.write_char('>')
    }
}

impl<W: Write> ser::SerializeStruct for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        if key == SPAN {
            return Ok(());
        }
        self.0.write_str(key)?;
        self.0.write_char('=')?;
        value.serialize(&mut **self)?;
        self.0.write_char(';')
    }
    fn end(self) -> Done {
        self.0.write_char('}')
    }
}

impl<W: Write> ser::SerializeStructVariant for &mut Writer<'_, W> {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Done {
        ser::SerializeStruct::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};
    use crate::syntax::parse;

    #[derive(serde::Serialize)]
    struct Named {
        value: String,
        span: Span,
    }

    #[test]
    fn spans_are_left_out_and_everything_else_is_kept() {
        let a = Named {
            value: "a,b".into(),
            span: Span::new(1, 2),
        };
        let b = Named {
            value: "a,b".into(),
            span: Span::new(7, 9),
        };
        assert_eq!(spanless(&a), spanless(&b));
        assert_eq!(spanless(&a), "Named{value=s3:a,b;}");
    }

    #[test]
    fn strings_carry_their_length_so_no_two_values_write_alike() {
        assert_ne!(spanless(&("a,", "b")), spanless(&("a", ",b")));
        assert_ne!(spanless(&Some("")), spanless(&None::<&str>));
    }

    fn document_of(text: &str) -> String {
        let source = SourceFile::new("t.jx", text);
        let document = parse::parse(&source).document.expect("parses");
        spanless(&document.declarations)
    }

    #[test]
    fn the_same_declaration_laid_out_otherwise_writes_alike_and_another_value_does_not() {
        let one = document_of("项目 \"a\" { 产出 { 数量 { \"x\" ≥ 1 个 } } }");
        let spread =
            document_of("项目 \"a\" {\n  产出 {\n    数量 {\n      \"x\" ≥ 1 个\n    }\n  }\n}\n");
        let other = document_of("项目 \"a\" { 产出 { 数量 { \"x\" ≥ 2 个 } } }");
        assert_eq!(one, spread);
        assert_ne!(one, other);
    }
}
