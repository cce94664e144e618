"""Response schemas compiled into plain functions: the same JSON as ``schema.dump``, faster.

marshmallow resolves every field of every object through several layers of calls; a page of
articles or one full article (a few hundred values) spends most of its time there. `dumper`
reads a schema once and builds a function that does, for each field, only what marshmallow
would do for it: fetch the attribute (dotted paths, dicts or objects, skipping missing ones),
keep ``None``, convert by the field's type (strings, integers, floats, booleans and dates
inline; nested schemas and lists compiled in turn; other value fields, such as date-times and
dicts, by the field's own ``_serialize``). The schemas stay the single definition of every
response (and of the spec); a schema with anything this does not know (a field computed from
the whole object, a default, a hook) is dumped by marshmallow itself, so the output never
differs. ``tests/test_serialize.py`` checks that on every response schema.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import marshmallow as ma
from marshmallow import fields, missing

Dump = Callable[[Any], Any]
Convert = Callable[[Any], Any]

#: Fields whose ``_serialize`` depends on the value alone (not on the object or the schema):
#: they may be called on the value directly.
_VALUE_FIELDS = (fields.String, fields.Number, fields.Boolean, fields.Date, fields.DateTime,
                 fields.Time, fields.TimeDelta, fields.Mapping, fields.Raw, fields.UUID)


class _Unknown(Exception):
    """A field or schema feature the compiler leaves to marshmallow."""


_compiled: dict[int, tuple[ma.Schema, Dump]] = {}


def dumper(schema: ma.Schema) -> Dump:
    """``schema.dump``, compiled where it can be (kept per schema instance)."""
    found = _compiled.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    try:
        dump = _compile(schema)
    except _Unknown:
        dump = schema.dump
    _compiled[id(schema)] = (schema, dump)
    return dump


def compiles(schema: ma.Schema) -> bool:
    """Whether `dumper` compiles ``schema`` (rather than leaving it to marshmallow)."""
    return dumper(schema) != schema.dump


def _has_hooks(schema: ma.Schema) -> bool:
    """Whether the schema class declares processors (``pre_dump``, ``post_dump``...), read
    from marshmallow's own record of them (``_hooks``, per class)."""
    return any(getattr(schema, "_hooks", {}).values())


def _compile(schema: ma.Schema, many: bool | None = None) -> Dump:
    if _has_hooks(schema) or type(schema).get_attribute is not ma.Schema.get_attribute:
        raise _Unknown
    plan = []
    for name, field in schema.dump_fields.items():
        if field.dump_default is not missing:
            raise _Unknown
        attribute = field.attribute or name
        convert, same = _convert(field)
        # A plain key is read from a dict directly; a dotted path (or an object) by its getter.
        plan.append((field.data_key or name, None if "." in attribute else attribute,
                     _getter(attribute), convert, same))

    def dump_one(obj: Any) -> dict[str, Any]:
        out = {}
        if type(obj) is dict:
            get = obj.get
            for key, plain, getter, convert, same in plan:
                value = get(plain, missing) if plain is not None else getter(obj)
                if value is missing:
                    continue
                # None and values already of the field's type are what the field dumps them to.
                out[key] = value if value is None and same or type(value) is same \
                    else convert(value)
            return out
        for key, _plain, getter, convert, same in plan:
            value = getter(obj)
            if value is not missing:
                out[key] = value if value is None and same or type(value) is same \
                    else convert(value)
        return out

    if schema.many if many is None else many:
        return lambda objs: [dump_one(obj) for obj in objs]
    return dump_one


def _value_of(obj: Any, key: str) -> Any:
    """marshmallow's ``utils.get_value`` for one key: ``obj[key]``, else ``obj.key``."""
    if type(obj) is dict:
        return obj.get(key, missing)
    if not hasattr(obj, "__getitem__"):
        return getattr(obj, key, missing)
    try:
        return obj[key]
    except (KeyError, IndexError, TypeError, AttributeError):
        return getattr(obj, key, missing)


def _getter(attribute: str) -> Callable[[Any], Any]:
    if "." not in attribute:
        return lambda obj: _value_of(obj, attribute)
    path = attribute.split(".")

    def get(obj: Any) -> Any:
        for key in path:
            # A missing step stays missing: getattr(missing, ...), missing.get is no dict's.
            obj = obj.get(key, missing) if type(obj) is dict else _value_of(obj, key)
        return obj

    return get


def _convert(field: fields.Field) -> tuple[Convert, type | bool | None]:
    """What the field's ``_serialize`` does to a value, and the type of the values it gives back
    as they are (None with them; True: only None; None: none, every value is converted)."""
    kind = type(field)
    if kind is fields.String:
        return str, str
    if kind in (fields.Integer, fields.Float, fields.Boolean):
        exact = {fields.Integer: int, fields.Float: float, fields.Boolean: bool}[kind]
        return lambda v: field._serialize(v, None, None), exact
    if kind is fields.Date:
        return lambda v: (v.isoformat() if type(v) is dt.date
                          else field._serialize(v, None, None)), True
    if kind is fields.Nested:
        return _compile(field.schema, many=bool(field.many or field.schema.many)), True
    if kind is fields.List:
        inner, same = _convert(field.inner)

        def each(v: Any) -> list[Any]:
            return [item if item is None and same or type(item) is same else inner(item)
                    for item in v]

        return each, True
    if isinstance(field, _VALUE_FIELDS):
        return lambda v: field._serialize(v, None, None), None
    raise _Unknown
