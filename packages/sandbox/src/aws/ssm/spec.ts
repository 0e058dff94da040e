/** Declarative Parameter Store state: Caretaker reads the EKS optimised AMI release parameters (drift.md §11). */
interface SsmParameterSpec {
  name: string;
  value: string;
  /** Default "String". */
  type?: "String" | "StringList" | "SecureString";
  /** Default "text". */
  dataType?: "text" | "aws:ec2:image";
  /** Default 1. */
  version?: number;
  /** Default the sandbox clock's time at account creation. */
  lastModifiedDate?: Date | string;
}

interface SsmSpec {
  parameters?: SsmParameterSpec[];
}

export type { SsmParameterSpec, SsmSpec };
