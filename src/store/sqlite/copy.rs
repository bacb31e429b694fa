//! SQLite's `CopyStore`: a table read row by row from one statement, and written with
//! one cached INSERT per table, ids as they are. Flags are 0/1 INTEGER here.

use rusqlite::ToSql;
use rusqlite::types::{Null, ValueRef};

use super::{SqliteTx, sql_error};
use crate::error::{Error, Result};
use crate::store::copy::{CopyStore, Kind, RowSink, TABLES, Table, Value};

/// The value of column `index` of a row, read as the column's kind.
fn value(row: &rusqlite::Row<'_>, index: usize, kind: Kind, table: &Table) -> Result<Value> {
    let cell = row.get_ref(index).map_err(sql_error("reading a row"))?;
    let unreadable = || {
        Error::environment(format!(
            "the store holds a value mfactl cannot copy (table {}, column {})",
            table.name, table.columns[index].0
        ))
    };
    Ok(match (cell, kind) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(v), Kind::Int) => Value::Int(v),
        (ValueRef::Integer(v), Kind::Bool) => Value::Bool(v != 0),
        (ValueRef::Text(text), Kind::Text) => Value::Text(
            std::str::from_utf8(text)
                .map_err(|_| unreadable())?
                .to_owned(),
        ),
        (ValueRef::Blob(bytes), Kind::Bytes) => Value::Bytes(bytes.to_vec()),
        _ => return Err(unreadable()),
    })
}

/// A value as a parameter of a statement.
fn parameter(value: &Value) -> &dyn ToSql {
    match value {
        Value::Null => &Null,
        Value::Int(v) => v,
        Value::Bool(v) => v,
        Value::Text(v) => v,
        Value::Bytes(v) => v,
    }
}

impl CopyStore for SqliteTx<'_> {
    fn each_row(&self, table: &Table, each: &mut RowSink<'_>) -> Result<()> {
        let mut stmt = self
            .prepare(&format!(
                "SELECT {} FROM {} ORDER BY {}",
                table.column_list(),
                table.name,
                table.order_by()
            ))
            .map_err(sql_error("reading a table to copy"))?;
        let mut rows = stmt
            .query([])
            .map_err(sql_error("reading a table to copy"))?;
        let mut values = Vec::with_capacity(table.columns.len());
        while let Some(row) = rows.next().map_err(sql_error("reading a table to copy"))? {
            values.clear();
            for (index, (_, kind)) in table.columns.iter().enumerate() {
                values.push(value(row, index, *kind, table)?);
            }
            each(&values)?;
        }
        Ok(())
    }

    fn prepare_copy_target(&self) -> Result<Vec<String>> {
        let doing = "checking that the target of the copy is empty";
        let mut found = Vec::new();
        for table in TABLES.iter().filter(|table| table.name != "meta") {
            let any: bool = self
                .query_row(
                    &format!("SELECT EXISTS (SELECT 1 FROM {})", table.name),
                    [],
                    |row| row.get(0),
                )
                .map_err(sql_error(doing))?;
            if any {
                found.push(format!("rows in {}", table.name));
            }
        }
        let mut stmt = self
            .prepare(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
            )
            .map_err(sql_error(doing))?;
        let triggers = stmt
            .query_map([], |row| {
                Ok(format!(
                    "the trigger {} on {}",
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?
                ))
            })
            .map_err(sql_error(doing))?;
        for trigger in triggers {
            found.push(trigger.map_err(sql_error(doing))?);
        }
        Ok(found)
    }

    fn clear_table(&self, table: &Table) -> Result<()> {
        self.execute(&format!("DELETE FROM {}", table.name), [])
            .map_err(sql_error("clearing a table before the copy"))?;
        Ok(())
    }

    fn copy_rows(
        &self,
        table: &Table,
        feed: &mut dyn FnMut(&mut RowSink<'_>) -> Result<()>,
    ) -> Result<u64> {
        let placeholders = (1..=table.columns.len())
            .map(|n| format!("?{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            table.name,
            table.column_list()
        );
        let mut stmt = self
            .prepare_cached(&sql)
            .map_err(sql_error("writing the copy"))?;
        let mut count = 0_u64;
        feed(&mut |values| {
            let params: Vec<&dyn ToSql> = values.iter().map(parameter).collect();
            stmt.execute(params.as_slice()).map_err(|e| {
                sql_error("writing the copy")(e).with_hint(format!(
                    "row {} of table {} was refused; nothing was copied",
                    count + 1,
                    table.name
                ))
            })?;
            count += 1;
            Ok(())
        })?;
        Ok(count)
    }

    fn finish_copy(&self) -> Result<()> {
        // INTEGER PRIMARY KEY: the next row gets max(id) + 1 by itself.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::store::copy::TABLES;

    /// Every table of the newest SQLite schema is copied, with every column.
    #[test]
    fn the_copied_tables_are_the_whole_schema() -> Result<(), rusqlite::Error> {
        let conn = Connection::open_in_memory()?;
        for sql in super::super::file::MIGRATIONS {
            conn.execute_batch(sql)?;
        }
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let mut tables: Vec<String> = stmt
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut listed: Vec<String> = TABLES.iter().map(|t| t.name.to_owned()).collect();
        tables.sort();
        listed.sort();
        assert_eq!(tables, listed);
        for table in TABLES {
            let mut stmt = conn.prepare(&format!(
                "SELECT name, type FROM pragma_table_info('{}') ORDER BY cid",
                table.name
            ))?;
            let mut columns: Vec<String> = stmt
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let mut copied: Vec<String> = table
                .columns
                .iter()
                .map(|(name, _)| (*name).to_owned())
                .collect();
            columns.sort();
            copied.sort();
            assert_eq!(columns, copied, "columns of {}", table.name);
        }
        Ok(())
    }
}
