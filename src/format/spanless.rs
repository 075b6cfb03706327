//! The AST written without its spans, for comparing two trees by what they say rather than where they say it.
//!
//! A serde `Serializer` that writes any serialisable value as compact, unambiguous text (strings with their
//! length, every compound delimited) and leaves out every struct field named `span`. Equal texts mean equal
//! values but for spans. It writes straight into one string: no JSON escaping, no number formatting beyond
//! what the values need, nothing to strip afterwards.

use serde::ser::{self, Serialize};
use std::fmt::{self, Write};

/// `value` without its spans, as text.
pub fn spanless<T: Serialize + ?Sized>(value: &T) -> String {
    let mut writer = Writer(String::new());
    // Writing to a String cannot fail, and nothing here fails otherwise.
    let _ = value.serialize(&mut writer);
    writer.0
}

/// The text written so far.
struct Writer(String);

/// The name of the fields left out.
const SPAN: &str = "span";

type Done = Result<(), fmt::Error>;

impl Writer {
    fn text(&mut self, tag: char, text: &str) -> Done {
        self.0.push(tag);
        self.0.push_str(itoa::Buffer::new().format(text.len()));
        self.0.push(':');
        self.0.push_str(text);
        Ok(())
    }

    fn open<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Done {
        self.0.push_str(name);
        self.0.push('(');
        value.serialize(&mut *self)?;
        self.0.push(')');
        Ok(())
    }
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    type SerializeSeq = &'w mut Writer;
    type SerializeTuple = &'w mut Writer;
    type SerializeTupleStruct = &'w mut Writer;
    type SerializeTupleVariant = &'w mut Writer;
    type SerializeMap = &'w mut Writer;
    type SerializeStruct = &'w mut Writer;
    type SerializeStructVariant = &'w mut Writer;

    fn serialize_bool(self, v: bool) -> Done {
        self.0.push(if v { 'T' } else { 'F' });
        Ok(())
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
        self.0.push('i');
        self.0.push_str(itoa::Buffer::new().format(v));
        self.0.push(';');
        Ok(())
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
        self.0.push('u');
        self.0.push_str(itoa::Buffer::new().format(v));
        self.0.push(';');
        Ok(())
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
        self.0.push('~');
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.0.push('?');
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.0.push('_');
        Ok(())
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
        self.0.push('[');
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, fmt::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Self, fmt::Error> {
        self.0.push_str(name);
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, fmt::Error> {
        self.0.push_str(variant);
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, fmt::Error> {
        self.0.push('<');
        Ok(self)
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, fmt::Error> {
        self.0.push_str(name);
        self.0.push('{');
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, fmt::Error> {
        self.0.push_str(variant);
        self.0.push('{');
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)?;
        self.0.push(',');
        Ok(())
    }
    fn end(self) -> Done {
        self.0.push(']');
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for &mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for &mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)?;
        self.0.push('=');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)?;
        self.0.push(';');
        Ok(())
    }
    fn end(self) -> Done {
        self.0.push('>');
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = fmt::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        if key == SPAN {
            return Ok(());
        }
        self.0.push_str(key);
        self.0.push('=');
        value.serialize(&mut **self)?;
        self.0.push(';');
        Ok(())
    }
    fn end(self) -> Done {
        self.0.push('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Writer {
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
