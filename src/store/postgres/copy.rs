//! PostgreSQL's `CopyStore`: a table read from a server-side cursor, and written with
//! `COPY … FROM STDIN` in the binary format (the column types given, so a value of the
//! wrong kind is refused, never converted); then every identity sequence is moved past
//! the copied ids, so the next `user add` on the copy gets a new one.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};

use super::tx::{PgTx, get};
use crate::error::{Error, Result};
use crate::store::copy::{CopyStore, Kind, RowSink, TABLES, Table, Value};

/// The PostgreSQL type of a kind of column (see `sql/0001_init.sql`).
fn pg_type(kind: Kind) -> Type {
    match kind {
        Kind::Int => Type::INT8,
        Kind::Bool => Type::BOOL,
        Kind::Text => Type::TEXT,
        Kind::Bytes => Type::BYTEA,
    }
}

/// NULL of each kind: a binary COPY checks every value against its column's type.
const NO_INT: Option<i64> = None;
const NO_BOOL: Option<bool> = None;
const NO_TEXT: Option<&str> = None;
const NO_BYTES: Option<&[u8]> = None;

/// A value as a parameter of a column of `kind`.
fn parameter(value: &Value, kind: Kind) -> &(dyn ToSql + Sync) {
    match value {
        Value::Null => match kind {
            Kind::Int => &NO_INT,
            Kind::Bool => &NO_BOOL,
            Kind::Text => &NO_TEXT,
            Kind::Bytes => &NO_BYTES,
        },
        Value::Int(v) => v,
        Value::Bool(v) => v,
        Value::Text(v) => v,
        Value::Bytes(v) => v,
    }
}

/// The value of column `index` of a row, read as the column's kind.
fn value(row: &postgres::Row, index: usize, kind: Kind) -> Result<Value> {
    Ok(match kind {
        Kind::Int => get::<Option<i64>>(row, index)?.map_or(Value::Null, Value::Int),
        Kind::Bool => get::<Option<bool>>(row, index)?.map_or(Value::Null, Value::Bool),
        Kind::Text => get::<Option<String>>(row, index)?.map_or(Value::Null, Value::Text),
        Kind::Bytes => get::<Option<Vec<u8>>>(row, index)?.map_or(Value::Null, Value::Bytes),
    })
}

impl CopyStore for PgTx<'_> {
    fn each_row(&self, table: &Table, each: &mut RowSink<'_>) -> Result<()> {
        let mut values = Vec::with_capacity(table.columns.len());
        self.each_row(
            &format!(
                "SELECT {} FROM {} ORDER BY {}",
                table.column_list(),
                table.name,
                table.order_by()
            ),
            &[],
            "reading a table to copy",
            &mut |row| {
                values.clear();
                for (index, (_, kind)) in table.columns.iter().enumerate() {
                    values.push(value(row, index, *kind)?);
                }
                each(&values)?;
                Ok(true)
            },
        )
    }

    fn prepare_copy_target(&self) -> Result<Vec<String>> {
        super::schema::create_in_empty_database(&mut *self.transaction(), self.target)
    }

    fn clear_table(&self, table: &Table) -> Result<()> {
        self.exec(
            &format!("DELETE FROM {}", table.name),
            &[],
            "clearing a table before the copy",
        )?;
        Ok(())
    }

    fn copy_rows(
        &self,
        table: &Table,
        feed: &mut dyn FnMut(&mut RowSink<'_>) -> Result<()>,
    ) -> Result<u64> {
        let doing = format!("copying the table {}", table.name);
        let types: Vec<Type> = table
            .columns
            .iter()
            .map(|(_, kind)| pg_type(*kind))
            .collect();
        let mut transaction = self.transaction();
        let writer = transaction
            .copy_in(&format!(
                "COPY {} ({}) FROM STDIN (FORMAT binary)",
                table.name,
                table.column_list()
            ))
            .map_err(self.error(&doing))?;
        let mut writer = BinaryCopyInWriter::new(writer, &types);
        let mut count = 0_u64;
        // A row the writer refuses ends the copy; dropping the writer unfinished aborts
        // the COPY, and the transaction around it is rolled back.
        feed(&mut |values| {
            let params: Vec<&(dyn ToSql + Sync)> = values
                .iter()
                .zip(table.columns)
                .map(|(value, (_, kind))| parameter(value, *kind))
                .collect();
            writer.write(&params).map_err(|e| {
                Error::environment(format!(
                    "cannot write row {} of the table {} to the copy",
                    count + 1,
                    table.name
                ))
                .caused_by(e)
            })?;
            count += 1;
            Ok(())
        })?;
        writer.finish().map_err(self.error(&doing))
    }

    fn finish_copy(&self) -> Result<()> {
        for table in TABLES.iter().filter(|table| table.identity) {
            // setval(.., max(id)): the next id is max + 1; an empty table keeps its sequence.
            self.exec(
                &format!(
                    "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence('{0}', 'id'), max(id)) FROM {0} HAVING count(*) > 0",
                    table.name
                ),
                &[],
                "moving the ids past the copied rows",
            )?;
        }
        Ok(())
    }
}
