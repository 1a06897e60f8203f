import { randomUUID } from 'node:crypto'
import type { Account } from '../../core/accounts/account.js'
import type { AccountCredentials, Token } from '../store-results.js'
import { toAccount, toToken } from './rows.js'
import type { SqlDriver } from './sql-driver.js'

/** Account and token queries of the SQL store. */
export class AccountQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date,
  ) {}

  async create(input: { email: string; name: string | null; passwordHash: string | null; isAdmin: boolean }): Promise<Account> {
    const at = this.now().toISOString()
    const rows = await this.db.query(
      `INSERT INTO accounts (id, email, name, password_hash, is_admin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [randomUUID(), input.email, input.name, input.passwordHash, input.isAdmin, at, at],
    )
    return toAccount(rows[0]!)
  }

  async findByEmail(email: string): Promise<AccountCredentials | null> {
    const [row] = await this.db.query('SELECT * FROM accounts WHERE email = ?', [email])
    return row ? { account: toAccount(row), passwordHash: (row.password_hash as string | null) ?? null } : null
  }

  async get(id: string): Promise<Account | null> {
    const [row] = await this.db.query('SELECT * FROM accounts WHERE id = ?', [id])
    return row ? toAccount(row) : null
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM accounts')
    return Number(row?.n ?? 0)
  }

  async createToken(input: { accountId: string; tokenHash: string; description: string; expiresAt: Date | null }): Promise<Token> {
    const rows = await this.db.query(
      `INSERT INTO tokens (id, account_id, token_hash, description, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)
       RETURNING id AS token_id, account_id, description, created_at AS token_created_at, expires_at`,
      [randomUUID(), input.accountId, input.tokenHash, input.description, this.now().toISOString(), input.expiresAt?.toISOString() ?? null],
    )
    return toToken(rows[0]!)
  }

  findByTokenHash(tokenHash: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    return this.#findLiveToken('t.token_hash', tokenHash, now)
  }

  findByTokenId(tokenId: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    return this.#findLiveToken('t.id', tokenId, now)
  }

  /** A token that has not expired, found by one of its unique columns, with its account. */
  async #findLiveToken(column: 't.token_hash' | 't.id', value: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    const [row] = await this.db.query(
      `SELECT a.*, t.id AS token_id, t.account_id, t.description, t.created_at AS token_created_at, t.expires_at
       FROM tokens t JOIN accounts a ON a.id = t.account_id
       WHERE ${column} = ? AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      [value, now.toISOString()],
    )
    return row ? { account: toAccount(row), token: toToken(row) } : null
  }

  async deleteToken(accountId: string, tokenId: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM tokens WHERE id = ? AND account_id = ? RETURNING id', [tokenId, accountId])
    return rows.length > 0
  }
}
